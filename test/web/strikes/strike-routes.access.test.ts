/**
 * Who sees the declarations (L133-5): the IEN of the circonscription sees counts and names; the
 * mayor's page and its CSV carry counts only; the teacher, her director, a colleague, a teacher
 * of another école get a 403 and nothing of it; a visitor is sent to the sign-in page.
 */
import { describe, expect, it } from 'vitest';
import { frenchDate } from '../../../src/calendar/index.js';
import { annuaireTestBed, PEOPLE, UAI } from '../../helpers/directory-fixtures.js';
import { addPreavis, classDaysAhead, signInAs } from '../../helpers/strike-fixtures.js';
import { HX, visibleText, type WebClient } from '../../helpers/web.js';

const bed = annuaireTestBed();

/** Charlotte Habotté declares `day` through the form. */
async function declare(day: string): Promise<void> {
  await bed.client.get('/greve');
  const answer = await bed.client.post('/greve/declarer', { days: day });
  expect(answer.status).toBe(303);
}

const pathsFor = (day: string) => [
  '/greve/circonscription',
  `/greve/circonscription?uai=${UAI.circonscription}&date=${day}`,
  `/greve/circonscription/maire?uai=${UAI.circonscription}&date=${day}`,
  `/greve/circonscription/maire?uai=${UAI.circonscription}&date=${day}&format=csv`,
];

describe('the IEN’s pages', () => {
  it('are refused (403) to the teacher, her director, a colleague and a teacher of another école, naming nobody', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    await declare(day!);
    bed.t.webmel.addAccount({ prenom: PEOPLE.maternelle.prenom, nom: PEOPLE.maternelle.nom, address: PEOPLE.maternelle.address });
    const clients: Array<[string, WebClient]> = [
      ['teacher', bed.client],
      ['directeur', await signInAs(bed.t, PEOPLE.directeur.address)],
      ['colleague', await signInAs(bed.t, PEOPLE.colleague.address)],
      ['maternelle', await signInAs(bed.t, PEOPLE.maternelle.address)],
    ];
    for (const [who, client] of clients) {
      for (const path of pathsFor(day!)) {
        const page = await client.get(path);
        expect(page.status, `${who} ${path}`).toBe(403);
        expect(page.headers.get('content-type'), path).toContain('text/html');
        expect(visibleText(page.text), path).toContain('réservées à l’IEN de la circonscription');
        // The main content (the header names the one signed in).
        const main = page.text.slice(page.text.indexOf('<main'));
        for (const word of ['Habotté', 'Jean Jaurès', 'Déclarants']) expect(main, `${who} ${path}`).not.toContain(word);
      }
    }
    // Nor a link to them on her page.
    expect((await bed.client.get('/greve')).text).not.toContain('href="/greve/circonscription"');
  });

  it('send a visitor to the sign-in page, and answer htmx 401', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    const visitor = bed.t.client();
    for (const path of ['/greve', ...pathsFor(day!)]) {
      const page = await visitor.get(path);
      expect(page.status, path).toBe(303);
      expect(page.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await visitor.get(path, HX)).status, path).toBe(401);
    }
    const posted = await visitor.post('/greve/declarer', { days: day! }, { csrf: false });
    expect(posted.status).toBe(403);
    expect(bed.t.webmel.services.strikes.daysWithDeclarations()).toEqual([]);
  });

  it('show the IEN per école the declarants, the headcount, the 25 % threshold and the names', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    await declare(day!);
    const ien = await signInAs(bed.t, PEOPLE.ien.address);
    expect((await ien.get('/greve')).text).toContain('href="/greve/circonscription"');

    // With no query: her circonscription and the next strike day.
    const page = await ien.get('/greve/circonscription');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<option value="${day}" selected>${frenchDate(day!)}</option>`);
    const text = visibleText(page.text);
    // Jean Jaurès: the director and the two teachers teach there; 1 of 3 reaches 25 %.
    expect(text).toContain('Jean Jaurès 0131234W, Marseille 1 3 atteint Habotté Charlotte');
    expect(page.text).toContain('<strong class="strike-threshold">atteint</strong>');
    expect(text).toContain('Total (1 école) 1 3 atteint dans 1 école');
    expect(page.text).toContain(`href="/greve/circonscription/maire?uai=${UAI.circonscription}&amp;date=${day}"`);

    // Another circonscription's UAI: refused like an unknown one.
    for (const uai of [UAI.aubagne, '0000000A']) {
      const other = await ien.get(`/greve/circonscription?uai=${uai}&date=${day}`);
      expect(other.status, uai).toBe(403);
      expect(visibleText(other.text)).toContain('Vous n’avez pas accès aux déclarations de cette circonscription.');
    }
    expect((await ien.get(`/greve/circonscription?uai=${UAI.circonscription}&date=demain`)).status).toBe(400);
  });

  it('give the mayor counts per commune and école, printable and as CSV, never a name', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    await declare(day!);
    const ien = await signInAs(bed.t, PEOPLE.ien.address);

    const page = await ien.get(`/greve/circonscription/maire?uai=${UAI.circonscription}&date=${day}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain(`Grève du ${frenchDate(day!)}`);
    expect(text).toContain('Marseille École Déclarants Effectif enseignant Seuil de 25 % Jean Jaurès 0131234W, Marseille 1 3 atteint');
    for (const name of ['Habotté', 'Charlotte', 'Girard', 'Lefèvre']) expect(page.text).not.toContain(name);
    expect(page.text).toMatch(/<link rel="stylesheet" href="\/static\/app\.[0-9a-f]+\.css">/);

    const csv = await ien.get(`/greve/circonscription/maire?uai=${UAI.circonscription}&date=${day}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(`attachment; filename="greve-${day}-${UAI.circonscription}.csv"`);
    const bytes = Buffer.from(await (await fetch(`${bed.t.base}/greve/circonscription/maire?uai=${UAI.circonscription}&date=${day}&format=csv`, { headers: { cookie: [...ien.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.replace(/^\uFEFF/, '')).toBe('commune;uai;ecole;declarants;effectif;seuil_25\r\nMarseille;0131234W;Jean Jaurès;1;3;oui\r\n');
    for (const name of ['Habotté', 'Charlotte']) expect(csv.text).not.toContain(name);
  });

  it('let an admin choose among every circonscription', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    const { accounts } = bed.t.webmel.services;
    const admin = accounts.create({ prenom: 'Paul', nom: 'Roux', numen: '02G2099999ABC', role: 'admin' });
    const client = await signInAs(bed.t, admin.address);
    const page = await client.get(`/greve/circonscription?uai=${UAI.aubagne}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<option value="${UAI.aubagne}" selected>`);
    expect(page.text).toContain(`<option value="${UAI.circonscription}">`);
    expect(visibleText(page.text)).toContain('Les Lilas 0131235X, Aubagne 0');
  });
});
