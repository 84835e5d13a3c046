/**
 * « Grève » for the teacher: the form and its days with their deadlines, declaring (recorded,
 * « Accusé de réception » in her INBOX, the letter in her IEN's mailbox), every refusal leaving
 * nothing recorded, withdrawal, and the declaration of participation. Real servers: the
 * webmail's thread, our submission port, the store.
 */
import { describe, expect, it, vi } from 'vitest';
import { addDays, frenchDate, parisDay } from '../../../src/calendar/index.js';
import { annuaireTestBed, PEOPLE } from '../../helpers/directory-fixtures.js';
import { addPreavis, classDaysAhead, lateClassDay, mailsIn, signInAs } from '../../helpers/strike-fixtures.js';
import { visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();

const teacherId = () => bed.t.webmel.services.accounts.byAddress(PEOPLE.teacher.address)!.id;
const recorded = () => bed.t.webmel.services.strikes.mine({ accountId: teacherId(), address: PEOPLE.teacher.address, role: 'enseignant' });

describe('the declaration page', () => {
  it('shows the obliged teacher who she is, from the annuaire, and each préavis day with its deadline and union', async () => {
    const [day, next] = classDaysAhead(bed.t, 2);
    addPreavis(bed.t, day!, next!, 'SNUipp-FSU');
    const page = await bed.client.get('/greve');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<a href="/greve" aria-current="page">Grève</a>');
    const text = visibleText(page.text);
    expect(text).toContain('Nom Habotté Prénom Charlotte Affectation Jean Jaurès (0131234W) Circonscription Marseille 5 – Saint-Just');
    const deadline = bed.t.webmel.services.strikes.deadline('0131234W', day!).deadline.slice(0, 10);
    expect(text).toContain(`${frenchDate(day!)} à déclarer au plus tard le ${frenchDate(deadline)} à 23 h 59 ; préavis déposé par SNUipp-FSU`);
    expect(page.text).toContain(`name="days" value="${day}"`);
    expect(page.text).toContain(`name="days" value="${next}"`);
    expect(text).toContain('Votre déclaration est couverte par le secret professionnel et ne peut être utilisée que pour l’organisation du service d’accueil (article L133-5 du code de l’éducation).');
    expect(text).toContain('Déclarer mon intention de grève');
    // Shown, never sent back: the only fields are the days and the token.
    expect(page.text).not.toMatch(/name="(uai|nom|prenom|accountId|circonscription)"/);
    expect(text).not.toContain('Déclarations des écoles de ma circonscription');
  });

  it('says when no préavis covers the coming class days, and shows a late day without a box', async () => {
    expect(visibleText((await bed.client.get('/greve')).text)).toContain('Aucun préavis de grève ne couvre les prochains jours de classe de votre école.');
    const late = lateClassDay();
    addPreavis(bed.t, late);
    const page = await bed.client.get('/greve');
    expect(page.text).not.toContain(`value="${late}"`);
    expect(visibleText(page.text)).toMatch(new RegExp(`${frenchDate(late)} délai dépassé \\(date limite : \\S+ \\d+ \\S+ \\d{4} à 23 h 59\\)`));
    expect(page.text).not.toContain('Déclarer mon intention de grève</button>');
  });

  it('explains to a teacher of the second degré that the obligation does not apply, with no form', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    const client = await signInAs(bed.t, PEOPLE.professeur.address);
    const page = await client.get('/greve');
    expect(page.status).toBe(200);
    expect(visibleText(page.text)).toContain('ne s’applique pas au second degré');
    expect(page.text).not.toContain('name="days"');
    expect(page.text).not.toContain('name="day"');
    // And a declaration posted anyway is refused.
    const posted = await client.post('/greve/declarer', { days: day! });
    expect(posted.status).toBe(403);
    expect(bed.t.webmel.services.strikes.daysWithDeclarations()).toEqual([]);
  });
});

describe('declaring', () => {
  it('records the days, puts the « Accusé de réception » in her INBOX and sends the letter from her address to her IEN', async () => {
    const [day, next] = classDaysAhead(bed.t, 2);
    addPreavis(bed.t, day!, next!);
    await bed.client.get('/greve');
    const answer = await bed.client.post('/greve/declarer', { days: [day!, next!] });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/greve');
    expect(recorded().map((d) => [d.day, d.kind, d.uai, d.nom])).toEqual([
      [next, 'intention', '0131234W', 'Habotté'],
      [day, 'intention', '0131234W', 'Habotté'],
    ]);

    const page = await bed.client.get('/greve');
    const text = visibleText(page.text);
    expect(text).toMatch(new RegExp(`Votre déclaration d’intention de grève pour le ${frenchDate(day!)}, ${frenchDate(next!)} est enregistrée ; reçue le .+ à \\d\\d h \\d\\d min \\d\\d s\\.`));
    expect(text).toContain('Votre courrier de déclaration a été envoyé par courriel à IEN de la circonscription Marseille 5 – Saint-Just (ce.0133300s@ac-test.fr).');
    // Now « déjà déclarée », and in « Mes déclarations » with « Retirer ».
    expect(page.text).not.toContain(`name="days" value="${day}"`);
    expect(text).toContain(`${frenchDate(day!)} déjà déclarée`);
    expect(text).toMatch(new RegExp(`Mes déclarations .*${frenchDate(day!)} Intention le .* enregistrée Retirer`));

    await vi.waitFor(async () => expect((await mailsIn(bed.t, PEOPLE.teacher.address)).map((m) => m.subject)).toContain('Accusé de réception : déclaration d’intention de grève'));
    const receipt = (await mailsIn(bed.t, PEOPLE.teacher.address)).find((m) => m.subject?.startsWith('Accusé'))!;
    expect(receipt.from?.value[0]?.address).toBe('ne-pas-repondre@ac-test.fr');
    expect(receipt.text).toContain(`- ${frenchDate(day!)}`);

    const [letter] = await mailsIn(bed.t, PEOPLE.ien.address);
    expect(letter?.subject).toBe('Déclaration d’intention de grève – Charlotte Habotté – Jean Jaurès');
    expect(letter?.from?.value[0]?.address).toBe(PEOPLE.teacher.address);
    expect(letter?.text).toContain(`- ${frenchDate(next!)}`);
    // Her copy, as of any message she sends.
    expect((await mailsIn(bed.t, PEOPLE.teacher.address, 'Envoyés')).map((m) => m.subject)).toEqual([letter?.subject]);
  });

  it('refuses a day no préavis covers, a forged date, a duplicate and an empty form, with a message and nothing recorded', async () => {
    const [day, uncovered] = classDaysAhead(bed.t, 2);
    addPreavis(bed.t, day!);
    await bed.client.get('/greve');
    const refused = async (days: string | string[], status: number, message: string) => {
      const answer = await bed.client.post('/greve/declarer', { days });
      expect(answer.status, String(days)).toBe(status);
      expect(answer.text).toContain('role="alert"');
      expect(visibleText(answer.text)).toContain(message);
    };
    await refused([day!, uncovered!], 400, `Aucun préavis de grève ne couvre le ${uncovered}`);
    await refused('2026-02-31', 400, 'Date invalide');
    await refused('<script>', 400, 'Date invalide « <script> »');
    await refused([], 400, 'Cochez au moins un jour.');
    expect(recorded()).toEqual([]);

    expect((await bed.client.post('/greve/declarer', { days: day! })).status).toBe(303);
    await refused(day!, 409, `Vous avez déjà déclaré votre intention pour le ${day}.`);
    expect(recorded()).toHaveLength(1);
  });

  it('reads only the days: a forged UAI or account id changes nothing of what is recorded', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    const colleague = bed.t.webmel.services.accounts.byAddress(PEOPLE.colleague.address)!;
    await bed.client.get('/greve');
    const answer = await bed.client.post('/greve/declarer', { days: day!, uai: '0131235X', accountId: String(colleague.id), nom: 'Girard', circonscription: '0133301T' });
    expect(answer.status).toBe(303);
    expect(recorded().map((d) => [d.uai, d.circonscription, d.nom, d.prenom])).toEqual([['0131234W', '0133300S', 'Habotté', 'Charlotte']]);
    expect(bed.t.webmel.services.strikes.mine({ accountId: colleague.id, address: colleague.address, role: 'enseignant' })).toEqual([]);
  });

  it('refuses a POST without the CSRF token, or from another site', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    await bed.client.get('/greve');
    expect((await bed.client.post('/greve/declarer', { days: day! }, { csrf: false })).status).toBe(403);
    expect((await bed.client.post('/greve/declarer', { days: day! }, { csrf: 'forged' })).status).toBe(403);
    expect((await bed.client.post('/greve/declarer', { days: day! }, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect(recorded()).toEqual([]);
  });

  it('tells her when nobody would receive the letter, and records the declaration all the same', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    // The IEN's mailbox closed: the circonscription's address reaches nobody, nor does she.
    const ien = bed.t.webmel.services.accounts.byAddress(PEOPLE.ien.address)!;
    bed.t.webmel.services.accounts.disable(ien.id);
    await bed.client.get('/greve');
    expect((await bed.client.post('/greve/declarer', { days: day! })).status).toBe(303);
    expect(recorded()).toHaveLength(1);
    const page = await bed.client.get('/greve');
    expect(page.text).toContain('role="alert"');
    expect(visibleText(page.text)).toContain('La déclaration est enregistrée ; l’annuaire ne connaît aucune adresse de messagerie de votre IEN');
  });
});

describe('withdrawing', () => {
  it('withdraws her own declaration, with a receipt and a letter to the IEN; another account’s id is not found', async () => {
    const [day] = classDaysAhead(bed.t, 1);
    addPreavis(bed.t, day!);
    await bed.client.get('/greve');
    await bed.client.post('/greve/declarer', { days: day! });
    const [declaration] = recorded();
    const page = await bed.client.get('/greve');
    expect(page.text).toContain(`action="/greve/declarations/${declaration!.id}/retirer"`);

    // Someone else's try on her declaration: not found, still standing.
    const colleague = await signInAs(bed.t, PEOPLE.colleague.address);
    expect((await colleague.post(`/greve/declarations/${declaration!.id}/retirer`)).status).toBe(404);
    expect(recorded()[0]!.withdrawnAt).toBeNull();

    const answer = await bed.client.post(`/greve/declarations/${declaration!.id}/retirer`);
    expect(answer.status).toBe(303);
    expect(recorded()[0]!.withdrawnAt).not.toBeNull();
    const after = visibleText((await bed.client.get('/greve')).text);
    expect(after).toContain(`Votre déclaration d’intention pour le ${frenchDate(day!)} est retirée le`);
    expect(after).toMatch(/retirée le \S+ \d+ \S+ \d{4} à/);
    // Declarable again, and no « Retirer » left.
    expect(after).not.toContain('Retirer la déclaration');
    await vi.waitFor(async () => expect((await mailsIn(bed.t, PEOPLE.teacher.address)).map((m) => m.subject)).toContain('Accusé de réception : retrait de déclaration d’intention de grève'));
    expect((await mailsIn(bed.t, PEOPLE.ien.address)).map((m) => m.subject)).toEqual([
      'Déclaration d’intention de grève – Charlotte Habotté – Jean Jaurès',
      'Retrait de déclaration d’intention de grève – Charlotte Habotté – Jean Jaurès',
    ]);

    const again = await bed.client.post(`/greve/declarations/${declaration!.id}/retirer`);
    expect(again.status).toBe(409);
    expect(visibleText(again.text)).toContain('Cette déclaration est déjà retirée.');
  });
});

describe('the declaration of participation', () => {
  it('is a separate form for recent strike days, recorded with a receipt and no letter to the IEN', async () => {
    const past = addDays(parisDay(Date.now()), -3);
    addPreavis(bed.t, past);
    const page = await bed.client.get('/greve');
    const text = visibleText(page.text);
    expect(text).toContain('Déclarer ma participation (service fait)');
    expect(text).toContain('après la journée de grève');
    expect(page.text).toContain(`name="day" value="${past}"`);

    const answer = await bed.client.post('/greve/participation', { day: past });
    expect(answer.status).toBe(303);
    expect(recorded().map((d) => [d.day, d.kind])).toEqual([[past, 'participation']]);
    await vi.waitFor(async () => expect((await mailsIn(bed.t, PEOPLE.teacher.address)).map((m) => m.subject)).toContain('Accusé de réception : déclaration de participation à la grève'));
    expect(await mailsIn(bed.t, PEOPLE.ien.address)).toEqual([]);

    const future = classDaysAhead(bed.t, 1)[0]!;
    addPreavis(bed.t, future);
    const early = await bed.client.post('/greve/participation', { day: future });
    expect(early.status).toBe(400);
    expect(visibleText(early.text)).toContain('n’est pas encore passé');
  });
});
