/**
 * « Votre dossier », « Votre CV », « Vos perspectives » (issue 22) over HTTP: the agent reads
 * her dossier and cannot write it, her gestionnaire (the annuaire says who) and the admins
 * can, another gestionnaire is refused; the CV in versions with a 409 on a stale save that
 * keeps what was typed; the next échelon's date from the grid of the corps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, person, seedDirectory } from '../../helpers/directory-fixtures.js';
import { startWebTest, visibleText, type WebClient, type WebTest } from '../../helpers/web.js';

let t: WebTest;
let teacher: WebClient;
let teacherId: number;
let teacherLogin: string;
let gestionnaire: WebClient;
let otherGestionnaire: WebClient;
let admin: WebClient;

const OTHER_GESTIONNAIRE = { prenom: 'Paul', nom: 'Garnier', address: 'paul.garnier@ac-test.fr' };

async function signedIn(input: { prenom: string; nom: string }): Promise<{ client: WebClient; id: number; login: string }> {
  const user = t.user(input);
  const client = t.client();
  expect((await client.signIn(user.account.login, user.password)).status).toBe(303);
  return { client, id: user.account.id, login: user.account.login };
}

/** A whole dossier form, as the gestionnaire's page posts it. */
const DOSSIER_FORM = {
  corps: 'professeur des écoles',
  grade: 'classe_normale',
  echelon: '6',
  echelon_date: '2023-09-01',
  position: 'activite',
  aff_from: ['2019-09-01', '2012-09-01', ''],
  aff_to: ['', '2019-08-31', ''],
  aff_uai: ['0131234W', '', ''],
  aff_label: ['École élémentaire Jean Jaurès, Marseille', 'École maternelle Les Lilas, Aubagne', ''],
  conge_kind: ['maternite', ''],
  conge_from: ['2021-01-04', ''],
  conge_to: ['2021-04-25', ''],
};

beforeAll(async () => {
  t = await startWebTest();
  const directory = t.webmel.services.directory;
  seedDirectory(directory);
  directory.writer.transaction(() => {
    directory.writer.upsertPerson(person({ ...OTHER_GESTIONNAIRE, role: 'gestionnaire', fonction: 'gestionnaire, bureau du 2nd degré' }));
    directory.writer.upsertPerson(person({ ...PEOPLE.professeur, corps: 'professeur agrégé', gestionnaire: OTHER_GESTIONNAIRE.address }));
  });
  ({ client: teacher, id: teacherId, login: teacherLogin } = await signedIn(PEOPLE.teacher));
  ({ client: gestionnaire } = await signedIn(PEOPLE.gestionnaire));
  ({ client: otherGestionnaire } = await signedIn(OTHER_GESTIONNAIRE));
  const roux = await signedIn({ prenom: 'Paul', nom: 'Roux' });
  t.webmel.services.accounts.updateProfile(roux.id, { role: 'admin', degree: null, uai: null, circonscription: null });
  admin = roux.client;
  // The annuaire still names Nadia Benali as Charlotte Habotté's gestionnaire once both have accounts.
  expect(directory.manages(PEOPLE.gestionnaire.address, PEOPLE.teacher.address)).toBe(true);
});
afterAll(() => t.stop());

describe('Votre dossier', () => {
  it('shows the agent an empty dossier and the way to report a change', async () => {
    const page = await teacher.get('/iprof/dossier');
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Votre dossier');
    expect(text).toContain('pas encore renseigné');
    expect(text).toContain('Nadia Benali');
    expect(page.text).toContain('href="/iprof/courrier/nouveau?objet=Changement%20de%20situation"');
    expect(visibleText(page.text)).toContain('Signaler un changement de situation');
  });

  it('lists the gestionnaire’s agents with a link to each dossier', async () => {
    const page = await gestionnaire.get('/iprof/gestion');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/iprof/gestion/agents/${teacherLogin}"`);
    expect(visibleText(page.text)).toContain('Charlotte Habotté');
    // Not another gestionnaire's agent.
    expect(visibleText(page.text)).not.toContain('Jean-Pierre Dupont');
  });

  it('lets her gestionnaire write the dossier, which the agent then reads', async () => {
    const form = await gestionnaire.get(`/iprof/gestion/agents/${teacherLogin}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="f-echelon">Échelon</label>');
    const saved = await gestionnaire.post(`/iprof/gestion/agents/${teacherLogin}`, DOSSIER_FORM);
    expect(saved.status).toBe(303);
    const dossier = t.webmel.services.portal.dossiers.of(teacherId)!;
    expect(dossier).toMatchObject({ corps: 'professeur des écoles', grade: 'classe_normale', echelon: 6, echelonDate: '2023-09-01', position: 'activite' });
    expect(dossier.affectations.map((a) => [a.from, a.to, a.uai])).toEqual([['2019-09-01', null, '0131234W'], ['2012-09-01', '2019-08-31', '']]);
    expect(dossier.conges).toEqual([{ kind: 'maternite', from: '2021-01-04', to: '2021-04-25' }]);
    const gestionnaireLogin = t.webmel.services.accounts.byAddress(PEOPLE.gestionnaire.address)!.login;
    expect(t.webmel.services.audit.list({ action: 'iprof.dossier' }).map((e) => [e.actor, e.action, e.target])).toContainEqual([gestionnaireLogin, 'iprof.dossier.set', teacherLogin]);

    const text = visibleText((await teacher.get('/iprof/dossier')).text);
    expect(text).toContain('6e échelon, depuis le 01/09/2023');
    expect(text).toContain('École élémentaire Jean Jaurès, Marseille');
    expect(text).toContain('Congé de maternité');
  });

  it('refuses a save based on a dossier changed meanwhile (409), keeping what was typed, then takes it on the fresh one', async () => {
    const page = await gestionnaire.get(`/iprof/gestion/agents/${teacherLogin}`);
    const base = /name="base" value="(\d+)"/.exec(page.text)![1]!;
    // An import (or a colleague) changes the situation after the page was read.
    const { dossiers } = t.webmel.services.portal;
    const before = dossiers.of(teacherId)!;
    dossiers.setSituation(teacherId, { corps: before.corps, grade: before.grade, echelon: 7, echelonDate: '2025-09-01', position: before.position }, 'import', Number(base) + 1);
    const stale = await gestionnaire.post(`/iprof/gestion/agents/${teacherLogin}`, { ...DOSSIER_FORM, base, echelon: '8' });
    expect(stale.status).toBe(409);
    expect(visibleText(stale.text)).toContain('Ce dossier a été modifié entre-temps par import : rien n’est enregistré');
    expect(stale.text).toMatch(/id="f-echelon"[^>]*value="8"/);
    expect(dossiers.of(teacherId)!.echelon).toBe(7);
    const fresh = /name="base" value="(\d+)"/.exec(stale.text)![1]!;
    expect(fresh).toBe(String(Number(base) + 1));
    const saved = await gestionnaire.post(`/iprof/gestion/agents/${teacherLogin}`, { ...DOSSIER_FORM, base: fresh });
    expect(saved.status).toBe(303);
    expect(dossiers.of(teacherId)!.echelon).toBe(6);
  });

  it('refuses a bad échelon or date with a clear 400 and keeps what was typed', async () => {
    await gestionnaire.get(`/iprof/gestion/agents/${teacherLogin}`);
    const tooHigh = await gestionnaire.post(`/iprof/gestion/agents/${teacherLogin}`, { ...DOSSIER_FORM, echelon: '12' });
    expect(tooHigh.status).toBe(400);
    expect(visibleText(tooHigh.text)).toContain('Échelon invalide « 12 » : un nombre entier de 1 à 11');
    expect(tooHigh.text).toMatch(/id="f-echelon"[^>]*value="12"[^>]*aria-invalid="true"/);
    const badDate = await gestionnaire.post(`/iprof/gestion/agents/${teacherLogin}`, { ...DOSSIER_FORM, echelon_date: '2023-02-30' });
    expect(badDate.status).toBe(400);
    expect(visibleText(badDate.text)).toContain('Date d’accès à l’échelon invalide « 2023-02-30 »');
    expect(t.webmel.services.portal.dossiers.of(teacherId)!.echelon).toBe(6);
  });

  it('refuses the agent editing her own dossier (403), whichever URL she posts to', async () => {
    const own = await teacher.get(`/iprof/gestion/agents/${teacherLogin}`);
    expect(own.status).toBe(403);
    expect(visibleText(own.text)).toContain('Votre dossier est tenu par votre gestionnaire');
    await teacher.get('/iprof/dossier');
    const posted = await teacher.post(`/iprof/gestion/agents/${teacherLogin}`, { ...DOSSIER_FORM, echelon: '11' });
    expect(posted.status).toBe(403);
    const direct = await teacher.post('/iprof/dossier', { ...DOSSIER_FORM, echelon: '11' });
    expect(direct.status).toBe(403);
    expect(t.webmel.services.portal.dossiers.of(teacherId)!.echelon).toBe(6);
    expect((await teacher.get('/iprof/gestion')).status).toBe(403);
  });

  it('refuses another gestionnaire (403) with the reason, and lets an admin in', async () => {
    const page = await otherGestionnaire.get(`/iprof/gestion/agents/${teacherLogin}`);
    expect(page.status).toBe(403);
    expect(visibleText(page.text)).toContain('Vous n’êtes pas le gestionnaire de cet agent');
    await otherGestionnaire.get('/iprof/gestion');
    expect((await otherGestionnaire.post(`/iprof/gestion/agents/${teacherLogin}`, { ...DOSSIER_FORM, echelon: '11' })).status).toBe(403);
    expect(t.webmel.services.portal.dossiers.of(teacherId)!.echelon).toBe(6);

    expect((await admin.get(`/iprof/gestion/agents/${teacherLogin}`)).status).toBe(200);
    expect((await admin.get('/iprof/gestion/agents/personne-inconnue')).status).toBe(404);
    const opened = await admin.get(`/iprof/gestion?agent=${teacherLogin}`);
    expect(opened.location).toBe(`/iprof/gestion/agents/${teacherLogin}`);
  });

  it('refuses the gestionnaire’s form without its CSRF token', async () => {
    await gestionnaire.get(`/iprof/gestion/agents/${teacherLogin}`);
    expect((await gestionnaire.post(`/iprof/gestion/agents/${teacherLogin}`, { ...DOSSIER_FORM, echelon: '7' }, { csrf: false })).status).toBe(403);
    expect(t.webmel.services.portal.dossiers.of(teacherId)!.echelon).toBe(6);
  });
});

describe('Vos perspectives', () => {
  it('gives the date of the next échelon from the grid, with the accelerated one', async () => {
    // 6e échelon reached on 1 September 2023: 3 years, or 2 with the acceleration.
    const page = await teacher.get('/iprof/perspectives');
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Passage au 7e échelon : le mardi 1er septembre 2026 (01/09/2026)');
    expect(text).toContain('lundi 1er septembre 2025');
    expect(text).toContain('décret n° 2017-786 du 5 mai 2017');
  });

  it('says there is no next échelon at the last one', async () => {
    await gestionnaire.get(`/iprof/gestion/agents/${teacherLogin}`);
    expect((await gestionnaire.post(`/iprof/gestion/agents/${teacherLogin}`, { ...DOSSIER_FORM, echelon: '11', echelon_date: '2024-01-01' })).status).toBe(303);
    const text = visibleText((await teacher.get('/iprof/perspectives')).text);
    expect(text).toContain('Vous êtes au dernier échelon de votre grade');
    expect(text).not.toContain('Passage au');
  });

  it('lists the campaigns open today for her corps or for all, not the others', async () => {
    const campaigns = t.webmel.services.portal.campaigns;
    campaigns.add({ title: 'Hors-classe des professeurs des écoles', corps: 'Professeur des écoles', opens: '2000-01-01', closes: '2999-12-31', url: 'https://siap.invalid/' });
    campaigns.add({ title: 'Liste d’aptitude, tous corps', corps: '', opens: '2000-01-01', closes: '2999-12-31', url: '' });
    campaigns.add({ title: 'Hors-classe des agrégés', corps: 'professeur agrégé', opens: '2000-01-01', closes: '2999-12-31', url: '' });
    campaigns.add({ title: 'Campagne close', corps: '', opens: '2000-01-01', closes: '2000-01-31', url: '' });
    const text = visibleText((await teacher.get('/iprof/perspectives')).text);
    expect(text).toContain('Hors-classe des professeurs des écoles');
    expect(text).toContain('Liste d’aptitude, tous corps');
    expect(text).not.toContain('Hors-classe des agrégés');
    expect(text).not.toContain('Campagne close');
  });
});

describe('Votre CV', () => {
  it('saves versions, refuses a stale save with 409 and keeps what was typed', async () => {
    const empty = await teacher.get('/iprof/cv');
    expect(empty.status).toBe(200);
    expect(visibleText(empty.text)).toContain('strictement personnel');
    expect(empty.text).toContain('name="base_version" value="0"');

    const first = await teacher.post('/iprof/cv', { base_version: '0', diplomes: '2008 – Master MEEF\n\n2006 – Licence de lettres', competences: 'Anglais B2' });
    expect(first.status).toBe(303);
    expect(t.webmel.services.portal.cvs.latest(teacherId)).toMatchObject({ version: 1, content: { diplomes: ['2008 – Master MEEF', '2006 – Licence de lettres'], competences: ['Anglais B2'] } });
    const page = await teacher.get('/iprof/cv');
    expect(visibleText(page.text)).toMatch(/Version 1 du \w+ \d+/);
    expect(page.text).toContain('name="base_version" value="1"');

    // A second tab saves version 2 …
    expect((await teacher.post('/iprof/cv', { base_version: '1', diplomes: '2008 – Master MEEF', formations: 'Lecture au CP' })).status).toBe(303);
    // … then the first tab, still on version 1.
    const stale = await teacher.post('/iprof/cv', { base_version: '1', diplomes: 'Ce que j’ai tapé', publications: 'Mon article' });
    expect(stale.status).toBe(409);
    expect(visibleText(stale.text)).toContain('Votre CV a été enregistré entre-temps (version 2)');
    expect(stale.text).toContain('>Ce que j’ai tapé</textarea>');
    expect(stale.text).toContain('>Mon article</textarea>');
    expect(stale.text).toContain('name="base_version" value="2"');
    expect(t.webmel.services.portal.cvs.latest(teacherId)!.version).toBe(2);

    // Saving again from the re-rendered form, now based on version 2, makes version 3; history keeps all.
    expect((await teacher.post('/iprof/cv', { base_version: '2', diplomes: 'Ce que j’ai tapé', publications: 'Mon article' })).status).toBe(303);
    expect(t.webmel.services.portal.cvs.history(teacherId).map((v) => v.version)).toEqual([3, 2, 1]);
    const old = await teacher.get('/iprof/cv/versions/1');
    expect(old.status).toBe(200);
    expect(visibleText(old.text)).toContain('2006 – Licence de lettres');
  });

  it('is read, not edited, on the gestionnaire’s page of the agent', async () => {
    const page = await gestionnaire.get(`/iprof/gestion/agents/${teacherLogin}`);
    const text = visibleText(page.text);
    expect(text).toContain('CV de l’agent (lecture seule)');
    expect(text).toContain('Mon article');
    expect(page.text).not.toContain('name="publications"');
  });
});
