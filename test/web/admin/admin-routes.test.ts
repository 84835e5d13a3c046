/** `/admin/greve`: the préavis and the school holidays, for admins only. */
import { describe, expect, it } from 'vitest';
import { annuaireTestBed, PEOPLE } from '../../helpers/directory-fixtures.js';
import { signInAs } from '../../helpers/strike-fixtures.js';
import { visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();

async function adminClient() {
  const admin = bed.t.webmel.services.accounts.create({ prenom: 'Paul', nom: 'Roux', numen: '02G2099998ABC', role: 'admin' });
  return signInAs(bed.t, admin.address);
}

describe('the préavis page', () => {
  it('is refused (403) to anyone but an admin, the IEN included, and adds nothing for them', async () => {
    const ien = await signInAs(bed.t, PEOPLE.ien.address);
    for (const client of [bed.client, ien]) {
      const page = await client.get('/admin/greve');
      expect(page.status).toBe(403);
      expect(visibleText(page.text)).toContain('Cette page est réservée aux administrateurs de la messagerie.');
      await client.get('/greve');
      expect((await client.post('/admin/greve/preavis', { union: 'SUD', from: '2030-01-10', to: '2030-01-10' })).status).toBe(403);
    }
    expect(bed.t.webmel.services.strikes.preavis.list()).toEqual([]);
    expect((await bed.t.client().get('/admin/greve')).location).toBe('/login?next=%2Fadmin%2Fgreve');
  });

  it('lets an admin add a préavis, shows the list and the holidays, and says what is wrong in a refused form', async () => {
    bed.t.webmel.services.holidays.add({ zone: 'B', from: '2030-02-09', to: '2030-02-24', label: 'Hiver' });
    const client = await adminClient();
    const page = await client.get('/admin/greve');
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Aucun préavis n’est enregistré');
    expect(text).toContain('Zone B samedi 9 février 2030 dimanche 24 février 2030 Hiver');
    expect(text).toContain('webmel calendar holiday add');
    expect(page.text).toContain('<label for="f-union">Organisation syndicale');

    const added = await client.post('/admin/greve/preavis', { union: 'SNUipp-FSU', from: '2030-01-10', to: '2030-01-11', ref: 'PR-2030-01', text: 'Contre la réforme' });
    expect(added.status).toBe(303);
    expect(added.location).toBe('/admin/greve');
    expect(bed.t.webmel.services.strikes.preavis.list()).toMatchObject([{ union: 'SNUipp-FSU', from: '2030-01-10', to: '2030-01-11', reference: 'PR-2030-01' }]);
    const list = visibleText((await client.get('/admin/greve')).text);
    expect(list).toContain('Préavis enregistré : SNUipp-FSU, du jeudi 10 janvier 2030 au vendredi 11 janvier 2030.');
    expect(list).toContain('SNUipp-FSU jeudi 10 janvier 2030 vendredi 11 janvier 2030 PR-2030-01');

    const refused = await client.post('/admin/greve/preavis', { union: 'SUD', from: '2030-02-10', to: '2030-02-01', ref: '', text: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('role="alert"');
    expect(visibleText(refused.text)).toContain('La fin (2030-02-01) précède le début (2030-02-10).');
    expect(refused.text).toContain('value="SUD"');
    expect(bed.t.webmel.services.strikes.preavis.list()).toHaveLength(1);
  });
});
