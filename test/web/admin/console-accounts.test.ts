/**
 * The console's account creation and CSV import (issue 21), and its audit log page: each over
 * HTTP as an admin, audited, the NUMEN never written back into a page, the log filtered and
 * exported as CSV that parses back.
 */
import { describe, expect, it } from 'vitest';
import { adminClient } from '../../helpers/bulletin-fixtures.js';
import { parseCsv } from '../../helpers/csv.js';
import { annuaireTestBed, UAI } from '../../helpers/directory-fixtures.js';
import { visibleText, type WebClient } from '../../helpers/web.js';

const bed = annuaireTestBed();

/** Posts the import form as a browser does: multipart, the CSRF token in the action URL. */
async function postImport(client: WebClient, csv: string, dryRun: boolean) {
  const form = new FormData();
  form.append('fichier', new Blob([csv], { type: 'text/csv' }), 'comptes.csv');
  if (dryRun) form.append('essai', '1');
  const response = await fetch(`${client.base}/admin/comptes/import?_csrf=${encodeURIComponent(client.csrf)}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), origin: client.base, 'sec-fetch-site': 'same-origin' },
  });
  return { status: response.status, text: await response.text() };
}

const FILE = [
  'nom;prenom;adresse;fonction;corps;discipline;uai;role;gestionnaire;numen',
  `Bernard;Louise;;professeure des écoles;;;${UAI.ecole};enseignant;;02G0599999ABC`,
  `Petit;Hugo;;professeur des écoles;;;${UAI.ecole};enseignant;;PASUNNUMEN`,
].join('\r\n');

describe('creating accounts from the console', () => {
  it('creates an account by the identity rules, audited, and keeps what was typed but the NUMEN in a refused form', async () => {
    const admin = await adminClient(bed.t);
    const form = await admin.get('/admin/comptes/nouveau');
    expect(form.status).toBe(200);
    const refused = await admin.post('/admin/comptes/nouveau', { prenom: 'Louise', nom: 'Bernard', numen: '02G05BADNUMEN', role: 'enseignant', degree: '1d', sector: 'public' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('role="alert"');
    expect(visibleText(refused.text)).toContain('NUMEN invalide');
    expect(refused.text).toContain('value="Louise"');
    expect(refused.text).not.toContain('02G05BADNUMEN');

    const created = await admin.post('/admin/comptes/nouveau', { prenom: 'Louise', nom: 'Bernard', numen: '02G0599999ABC', role: 'enseignant', degree: '1d', sector: 'public', uai: UAI.ecole, naissance: '', circonscription: '', fonction: '' });
    expect(created.status).toBe(303);
    expect(created.location).toBe('/admin/comptes/lbernard');
    const { accounts, audit } = bed.t.webmel.services;
    expect(accounts.byLoginOrAddress('lbernard')).toMatchObject({ address: 'louise.bernard@ac-test.fr', degree: '1d', uai: UAI.ecole, passwordIsNumen: true });
    expect(audit.list({ action: 'account.create' })[0]).toMatchObject({ actor: 'proux', target: 'lbernard' });
    expect(visibleText((await admin.get('/admin/comptes/lbernard')).text)).toContain('Compte créé : identifiant lbernard, adresse louise.bernard@ac-test.fr.');
  });

  it('imports a CSV: a trial run reports without writing, the real one adds and rejects line by line, audited', async () => {
    const admin = await adminClient(bed.t);
    await admin.get('/admin/comptes/import');
    const { accounts, audit } = bed.t.webmel.services;
    const trial = await postImport(admin, FILE, true);
    expect(trial.status).toBe(200);
    const trialText = visibleText(trial.text);
    expect(trialText).toContain('Essai : rien n’a été enregistré');
    expect(trialText).toContain('1 compte serait créé');
    expect(trialText).toContain('1 ligne refusée');
    expect(trialText).toMatch(/3 NUMEN invalide/);
    expect(accounts.byLoginOrAddress('lbernard')).toBeNull();

    const real = await postImport(admin, FILE, false);
    expect(real.status).toBe(200);
    expect(visibleText(real.text)).toContain('1 compte créé');
    expect(accounts.byLoginOrAddress('lbernard')).toMatchObject({ uai: UAI.ecole, circonscription: 'Marseille 5 – Saint-Just' });
    expect(audit.list({ action: 'account.import' })[0]).toMatchObject({ actor: 'proux', details: { added: 1, unchanged: 0, rejected: 1 } });
    expect(real.text).not.toContain('02G0599999ABC');

    const empty = await postImport(admin, '', false);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('role="alert"');
  });
});

describe('the audit log page', () => {
  it('lists the actions newest first, filters them, and exports them as CSV', async () => {
    const admin = await adminClient(bed.t);
    const { admin: actions, accounts } = bed.t.webmel.services;
    const girard = accounts.byAddress('emilie.girard@ac-test.fr')!;
    actions.setQuota({ login: 'proux' }, girard.login, 100 * 1024 * 1024, 'besoin; « urgent »');
    actions.revokeSessions({ login: 'cli:root' }, girard.login, 'poste volé');
    const page = await admin.get('/admin/journal');
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text.indexOf('account.revoke-sessions')).toBeLessThan(text.indexOf('quota.set'));
    const quotaOnly = visibleText((await admin.get('/admin/journal?action=quota')).text);
    expect(quotaOnly).toContain('quota.set');
    expect(quotaOnly).not.toContain('account.revoke-sessions');
    expect(visibleText((await admin.get('/admin/journal?auteur=cli%3Aroot')).text)).not.toContain('quota.set');
    expect((await admin.get('/admin/journal?depuis=hier')).status).toBe(400);

    const csv = await admin.get(`/admin/journal.csv?cible=${girard.login}`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual(['date', 'auteur', 'action', 'cible', 'motif', 'details']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
      ['cli:root', 'account.revoke-sessions', girard.login, 'poste volé'],
      ['proux', 'quota.set', girard.login, 'besoin; « urgent »'],
    ]);
    expect(JSON.parse(rows[2]![5]!)).toMatchObject({ limit_bytes: 100 * 1024 * 1024 });
  });
});
