/**
 * The admin console (issue 21) over HTTP: the dashboard's figures and chart, the account list
 * (sort, filters, pages, CSV export that parses back), the account page and each of its
 * actions, with their audit entries, errors shown with their status and nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { adminClient, ADMIN } from '../../helpers/bulletin-fixtures.js';
import { annuaireTestBed, PEOPLE } from '../../helpers/directory-fixtures.js';
import { parseCsv } from '../../helpers/csv.js';
import { visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();

function fill(address: string, bytes: number, subject = 'Pièce volumineuse') {
  const { accounts } = bed.t.webmel.services;
  const account = accounts.byAddress(address)!;
  bed.t.deliver(account, `From: expediteur@example.org\r\nTo: ${address}\r\nSubject: ${subject}\r\n\r\n${'x'.repeat(bytes)}\r\n`);
  return account;
}

describe('the dashboard', () => {
  it('shows the overview, the histogram as an accessible SVG with the same numbers in a table, and links to the filtered list', async () => {
    fill(PEOPLE.colleague.address, 48 * 1024 * 1024);
    const admin = await adminClient(bed.t);
    const page = await admin.get('/admin');
    expect(page.status).toBe(200);
    const overview = bed.t.webmel.services.quotaOverview.overview();
    const text = visibleText(page.text);
    expect(text).toContain(`Comptes ${overview.accounts}`);
    expect(text).toContain('Comptes à 95 % ou plus 1');
    expect(page.text).toMatch(/<svg class="histogram"[^>]*role="img"[^>]*aria-labelledby="histo-title histo-desc"/);
    expect(page.text).toContain('<title>90 à 100 % : 1 compte</title>');
    expect(text).toContain('90 à 100 % 1');
    expect(page.text).toContain('href="/admin/comptes?min=80"');
    expect(page.text).toContain('href="/admin/comptes?pleine=1"');
    expect(page.text).toContain('href="/admin/comptes?refuse=1"');
    expect(page.text).toContain('<a href="/admin" aria-current="page">Administration</a>');
  });
});

describe('the account list', () => {
  it('sorts fullest first, filters, paginates by 50, and exports every matching account as CSV', async () => {
    fill(PEOPLE.colleague.address, 3 * 1024 * 1024);
    fill(PEOPLE.directeur.address, 1024 * 1024);
    const admin = await adminClient(bed.t);
    const list = await admin.get('/admin/comptes');
    expect(list.status).toBe(200);
    const logins = [...list.text.matchAll(/<td><a href="\/admin\/comptes\/([^"]+)">/g)].map((m) => m[1]);
    expect(logins.slice(0, 2)).toEqual(['egirard', 'mlefevre']);
    expect(list.text).toMatch(/<th scope="col" class="num" aria-sort="descending"><a href="\/admin\/comptes\?tri=percent&amp;ordre=asc">Remplissage/);

    const ascending = await admin.get('/admin/comptes?tri=bytes&ordre=asc');
    const ascLogins = [...ascending.text.matchAll(/<td><a href="\/admin\/comptes\/([^"]+)">/g)].map((m) => m[1]);
    expect(ascLogins.slice(-2)).toEqual(['mlefevre', 'egirard']);
    expect(ascending.text).toContain('aria-sort="ascending"');

    const filtered = visibleText((await admin.get('/admin/comptes?q=girard')).text);
    expect(filtered).toContain('1 compte correspond aux critères.');

    // 60 more accounts: two pages.
    for (let i = 0; i < 60; i++) bed.t.webmel.services.accounts.create({ prenom: 'Test', nom: `Masse${String(i).padStart(2, '0')}`, numen: `02E95${String(10000 + i)}ABC` });
    const first = await admin.get('/admin/comptes?tri=login&ordre=asc');
    expect([...first.text.matchAll(/<td><a href="\/admin\/comptes\//g)]).toHaveLength(50);
    expect(visibleText(first.text)).toContain('Page 1 sur 2');
    const second = await admin.get('/admin/comptes?tri=login&ordre=asc&page=2');
    expect(visibleText(second.text)).toContain('Page 2 sur 2');

    const csv = await admin.get('/admin/comptes.csv?tri=percent&ordre=desc');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual(['identifiant', 'adresse', 'nom', 'role', 'degre', 'uai', 'circonscription', 'etat', 'octets_utilises', 'quota_octets', 'pourcentage', 'messages', 'dernier_avertissement', 'refus_7j']);
    expect(rows).toHaveLength(1 + bed.t.webmel.services.accounts.count());
    expect(rows[1]!.slice(0, 2)).toEqual(['egirard', PEOPLE.colleague.address]);
    expect(Number(rows[1]![8])).toBe(bed.t.webmel.services.store.usage(bed.t.webmel.services.accounts.byAddress(PEOPLE.colleague.address)!.id).usedBytes);
    const onlyFull = parseCsv((await admin.get('/admin/comptes.csv?q=girard')).text);
    expect(onlyFull).toHaveLength(2);
  });

  it('makes a cell that starts like a formula inert in the CSV', async () => {
    bed.t.webmel.services.accounts.create({ prenom: '=HYPERLINK("x")', nom: 'Piege', numen: '02E9512345ABC' });
    const admin = await adminClient(bed.t);
    const csv = await admin.get('/admin/comptes.csv?q=piege');
    const rows = parseCsv(csv.text);
    expect(rows[1]![2]).toBe(`'=HYPERLINK("x") Piege`);
  });
});

describe('the account page and its actions', () => {
  it('shows the usage per folder, the largest messages without their subject, and the sessions', async () => {
    const account = fill(PEOPLE.colleague.address, 200 * 1024, 'Secret du conseil');
    const admin = await adminClient(bed.t);
    const page = await admin.get(`/admin/comptes/${account.login}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Espace par dossier');
    expect(text).toContain('Corbeille et Indésirables (libérables)');
    expect(text).toContain('expediteur@example.org');
    expect(text).not.toContain('Secret du conseil');
    expect(text).toContain('Aucun message refusé ces 30 derniers jours.');
    expect(page.text).toContain(`action="/admin/comptes/${account.login}/quota"`);
    expect((await admin.get('/admin/comptes/personne-inconnue')).status).toBe(404);
  });

  it('sets a quota with its reason and audits it; a concurrent edit (stale expected) is a 409 that changes nothing', async () => {
    const { accounts, audit } = bed.t.webmel.services;
    const target = accounts.byAddress(PEOPLE.colleague.address)!;
    const admin = await adminClient(bed.t);
    await admin.get(`/admin/comptes/${target.login}`);
    const done = await admin.post(`/admin/comptes/${target.login}/quota`, { quota_mb: '100', reason: 'Direction d’école', expected: '' });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/admin/comptes/${target.login}`);
    expect(accounts.byId(target.id)!.quotaBytes).toBe(100 * 1024 * 1024);
    expect(audit.list({ action: 'quota' })[0]).toMatchObject({ actor: 'proux', action: 'quota.set', target: target.login, reason: 'Direction d’école' });
    expect(visibleText((await admin.get(`/admin/comptes/${target.login}`)).text)).toContain('Quota de egirard : 100 Mo.');

    const stale = await admin.post(`/admin/comptes/${target.login}/quota`, { quota_mb: '200', reason: 'autre', expected: '' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('role="alert"');
    expect(visibleText(stale.text)).toContain('Erreur 409 : Le quota de egirard a changé entre-temps');
    expect(stale.text).toContain('value="200"');
    expect(accounts.byId(target.id)!.quotaBytes).toBe(100 * 1024 * 1024);

    const invalid = await admin.post(`/admin/comptes/${target.login}/quota`, { quota_mb: 'beaucoup', reason: 'x', expected: String(100 * 1024 * 1024) });
    expect(invalid.status).toBe(400);
    expect(visibleText(invalid.text)).toContain('Erreur 400 : Quota invalide');
  });

  it('recalculates, reminds, purges the Corbeille, revokes, resets to the NUMEN, disables and re-enables, each audited', async () => {
    const { accounts, audit, store } = bed.t.webmel.services;
    const target = fill(PEOPLE.colleague.address, 10_000);
    const admin = await adminClient(bed.t);
    await admin.get(`/admin/comptes/${target.login}`);
    const url = (path: string) => `/admin/comptes/${target.login}/${path}`;
    expect((await admin.post(url('recalcul'))).status).toBe(303);
    expect(visibleText((await admin.get(`/admin/comptes/${target.login}`)).text)).toMatch(/Espace recalculé : .*aucun écart\./);
    expect((await admin.post(url('rappel'))).status).toBe(303);
    const inbox = store.getMailbox(target.id, 'INBOX');
    await expect.poll(() => store.messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid)).some((m) => m.subject === 'Pensez à vider votre messagerie')).toBe(true);
    expect((await admin.post(url('corbeille'))).status).toBe(303);
    expect(visibleText((await admin.get(`/admin/comptes/${target.login}`)).text)).toContain('Corbeille vidée : 0 messages supprimés, 0 o libérés.');
    expect((await admin.post(url('sessions'), { reason: 'poste volé' })).status).toBe(303);
    expect((await admin.post(url('deverrouiller'))).status).toBe(303);
    expect((await admin.post(url('mot-de-passe'), { reason: 'oubli' })).status).toBe(303);
    expect(accounts.byId(target.id)!.passwordIsNumen).toBe(true);
    expect((await admin.post(url('desactiver'), { reason: 'congé' })).status).toBe(303);
    expect(accounts.byId(target.id)!.disabledAt).not.toBeNull();
    expect((await admin.post(url('reactiver'), { reason: 'retour' })).status).toBe(303);
    expect(accounts.byId(target.id)!.disabledAt).toBeNull();
    expect(audit.list({ target: target.login }).map((e) => e.action).reverse()).toEqual([
      'quota.recalc', 'quota.remind', 'quota.purge-trash', 'account.revoke-sessions', 'account.unlock', 'account.reset-password', 'account.disable', 'account.enable',
    ]);
  });

  it('changes the profile with expected values, refuses to demote the last admin (409), and records a departure', async () => {
    const { accounts } = bed.t.webmel.services;
    const target = accounts.byAddress(PEOPLE.colleague.address)!;
    const admin = await adminClient(bed.t);
    const me = accounts.byAddress(ADMIN.address)!;
    await admin.get(`/admin/comptes/${target.login}`);
    const expected = { expected_role: target.role, expected_degree: target.degree ?? '', expected_uai: target.uai ?? '', expected_circonscription: target.circonscription ?? '' };
    const changed = await admin.post(`/admin/comptes/${target.login}/profil`, { ...expected, role: 'directeur', degree: '1d', uai: '0131234W', circonscription: 'Marseille 5', reason: 'nomination' });
    expect(changed.status).toBe(303);
    expect(accounts.byId(target.id)).toMatchObject({ role: 'directeur', degree: '1d', uai: '0131234W' });
    const stale = await admin.post(`/admin/comptes/${target.login}/profil`, { ...expected, role: 'enseignant', degree: '', uai: '', circonscription: '' });
    expect(stale.status).toBe(409);

    const demote = await admin.post(`/admin/comptes/${me.login}/profil`, { expected_role: 'admin', expected_degree: me.degree ?? '', expected_uai: me.uai ?? '', expected_circonscription: me.circonscription ?? '', role: 'enseignant', degree: '', uai: '', circonscription: '' });
    expect(demote.status).toBe(409);
    expect(visibleText(demote.text)).toContain('dernier administrateur actif');
    expect(accounts.byId(me.id)!.role).toBe('admin');

    const day = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    const left = await admin.post(`/admin/comptes/${target.login}/depart`, { reply_until: day, successor: 'ce.0131234w@ac-test.fr', reason: 'mutation' });
    expect(left.status).toBe(303);
    expect(accounts.byId(target.id)!.disabledAt).not.toBeNull();
    expect(bed.t.webmel.services.admin.autoReplyFor(target.id)?.text).toContain('ce.0131234w@ac-test.fr');
    const tooLong = await admin.post(`/admin/comptes/${PEOPLE.directeur.address.split('@')[0]}/depart`, { reply_until: '2099-01-01' });
    expect([400, 404]).toContain(tooLong.status);
  });

  it('downloads the account’s mail as mbox, audited', async () => {
    const target = fill(PEOPLE.colleague.address, 1000, 'Bulletin de salaire');
    const admin = await adminClient(bed.t);
    const mbox = await admin.get(`/admin/comptes/${target.login}/courrier.mbox`);
    expect(mbox.status).toBe(200);
    expect(mbox.headers.get('content-type')).toBe('application/mbox');
    expect(mbox.headers.get('content-disposition')).toContain('egirard.mbox');
    expect(mbox.text).toMatch(/^From MAILER-DAEMON /);
    expect(mbox.text).toContain('Subject: Bulletin de salaire');
    expect(bed.t.webmel.services.audit.list({ action: 'account.export-mbox' })[0]).toMatchObject({ target: target.login, actor: 'proux' });
  });
});
