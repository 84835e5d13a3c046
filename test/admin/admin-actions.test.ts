/** What admins do to accounts and quotas, and the figures they read: each action checked and audited. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { createServices, type Services } from '../../src/app.js';
import { AdminError } from '../../src/admin/index.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { INBOX, prepareMessage } from '../../src/store/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let admin: Account;
let charlotte: Account;
const paul = { login: 'proux' };
const MIB = 1024 * 1024;

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
  admin = services.accounts.create({ prenom: 'Paul', nom: 'Roux', numen: testNumen(), role: 'admin' });
  charlotte = services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen: testNumen(), degree: '1d', uai: '0131234W', circonscription: 'Marseille 5' });
});
afterEach(() => {
  services.close();
  temp.cleanup();
});

function deliver(account: Account, bytes: number, mailbox = INBOX): void {
  const raw = Buffer.from(`Subject: pièce jointe\r\nFrom: a@example.org\r\n\r\n${'x'.repeat(bytes)}\r\n`);
  const message = prepareMessage(raw);
  if (mailbox === INBOX) services.store.deliver(message, [{ accountId: account.id, limitBytes: 1e12 }]);
  else services.store.append({ accountId: account.id, mailboxId: services.store.getMailbox(account.id, mailbox).id, message, limitBytes: null });
}

describe('quotas', () => {
  it('sets a personal quota with its reason, refuses one out of bounds or over another admin’s change, and audits', () => {
    services.admin.setQuota(paul, 'chabotte', 100 * MIB, 'directrice, pièces jointes');
    expect(services.accounts.byId(charlotte.id)!.quotaBytes).toBe(100 * MIB);
    expect(() => services.admin.setQuota(paul, 'chabotte', 1000, '')).toThrow(AdminError);
    expect(() => services.admin.setQuota(paul, 'chabotte', 2 * 1024 ** 4, '')).toThrow(/entre 1 Mo et 1 To/);
    expect(() => services.admin.setQuota(paul, 'personne', 100 * MIB, '')).toThrow(expect.objectContaining({ status: 404 }));
    // The admin saw the académie's value; another set 100 Mo meanwhile.
    expect(() => services.admin.setQuota(paul, 'chabotte', 200 * MIB, '', null)).toThrow(expect.objectContaining({ status: 409 }));
    expect(services.accounts.byId(charlotte.id)!.quotaBytes).toBe(100 * MIB);
    expect(services.audit.list().map((e) => [e.actor, e.action, e.target, e.reason])).toEqual([['proux', 'quota.set', 'chabotte', 'directrice, pièces jointes']]);
  });

  it('recalculates and shows the drift; purges the Corbeille; sends the reminder', () => {
    deliver(charlotte, 200_000);
    deliver(charlotte, 300_000, 'Corbeille');
    services.db.prepare('UPDATE quota_usage SET used_bytes = used_bytes + 12345 WHERE account_id = ?').run(charlotte.id);
    expect(services.admin.recalc(paul, 'chabotte').drift).toBe(-12345);
    const before = services.store.usage(charlotte.id).usedBytes;
    const freed = services.admin.purgeTrash(paul, 'chabotte');
    expect(freed.messages).toBe(1);
    expect(freed.bytes).toBeGreaterThan(300_000);
    expect(services.store.usage(charlotte.id).usedBytes).toBe(before - freed.bytes);
    services.admin.remind(paul, charlotte.address);
    const inbox = services.store.getMailbox(charlotte.id, INBOX);
    const subjects = services.store.messagesByUids(inbox.id, services.store.messageIndex(inbox.id).map((m) => m.uid)).map((m) => m.subject);
    expect(subjects).toContain('Pensez à vider votre messagerie');
    expect(services.audit.list().map((e) => e.action)).toEqual(['quota.remind', 'quota.purge-trash', 'quota.recalc']);
  });
});

describe('accounts', () => {
  it('never disables or demotes the last admin', () => {
    expect(() => services.admin.disable(paul, 'proux')).toThrow(/dernier administrateur/);
    expect(() => services.admin.setProfile(paul, 'proux', { role: 'enseignant', degree: null, uai: null, circonscription: null })).toThrow(/dernier administrateur/);
    expect(services.accounts.byId(admin.id)!.role).toBe('admin');
    services.accounts.create({ prenom: 'Anne', nom: 'Second', numen: testNumen(), role: 'admin' });
    expect(services.admin.disable(paul, 'proux').disabledAt).not.toBeNull();
  });

  it('resets the password to the NUMEN and ends the sessions; disabling ends them too', () => {
    services.accounts.setPasswordHash(charlotte.id, 'scrypt$autre', false);
    services.sessions.create(charlotte.id, 'test', '127.0.0.1');
    services.admin.resetPassword(paul, 'chabotte');
    expect(services.accounts.byId(charlotte.id)!.passwordIsNumen).toBe(true);
    expect(services.accounts.secrets(charlotte.id)!.passwordHash).toBe(services.accounts.secrets(charlotte.id)!.numenHash);
    expect(services.sessions.listForAccount(charlotte.id)).toEqual([]);
    services.sessions.create(charlotte.id, 'test', '127.0.0.1');
    services.admin.disable(paul, 'chabotte', 'départ');
    expect(services.sessions.listForAccount(charlotte.id)).toEqual([]);
    expect(services.audit.list({ target: 'chabotte' }).map((e) => [e.action, e.reason])).toEqual([['account.disable', 'départ'], ['account.reset-password', '']]);
  });

  it('changes role, degré and affectation, the annuaire in step, and refuses an edit over someone else’s', () => {
    const seen = { role: charlotte.role, degree: charlotte.degree, uai: charlotte.uai, circonscription: charlotte.circonscription };
    services.admin.setProfile(paul, 'chabotte', { ...seen, role: 'directeur' }, '', seen);
    expect(services.accounts.byId(charlotte.id)!.role).toBe('directeur');
    expect(services.directory.person(charlotte.address)!.role).toBe('directeur');
    expect(() => services.admin.setProfile(paul, 'chabotte', { ...seen, role: 'ien' }, '', seen)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => services.admin.setProfile(paul, 'chabotte', { ...seen, uai: '0131234A' })).toThrow(/UAI invalide/);
    expect(services.accounts.byId(charlotte.id)!.role).toBe('directeur');
  });
});

describe('the dashboard and the account list', () => {
  it('agree with the store after deliveries, deletions and a recalculation', () => {
    services.accounts.setQuota(charlotte.id, 1 * MIB);
    deliver(charlotte, 900_000);
    let row = services.quotaOverview.rows().find((r) => r.login === 'chabotte')!;
    expect(row.usedBytes).toBe(services.store.usage(charlotte.id).usedBytes);
    expect(row.percent).toBeGreaterThanOrEqual(80);
    const overview = services.quotaOverview.overview();
    expect(overview).toMatchObject({ accounts: 2, over80: 1, over95: 0, full: 0 });
    expect(overview.histogram.reduce((n, b) => n + b.accounts, 0)).toBe(2);
    const inbox = services.store.getMailbox(charlotte.id, INBOX);
    services.store.expunge(inbox, null, false);
    services.admin.recalc(paul, 'chabotte');
    row = services.quotaOverview.rows().find((r) => r.login === 'chabotte')!;
    expect(row).toMatchObject({ usedBytes: 0, messages: 0, percent: 0 });
  });

  it('filters, sorts and paginates', () => {
    for (let i = 0; i < 60; i++) services.accounts.create({ prenom: 'Agent', nom: `Numéro${i}`, numen: testNumen(), role: i % 2 ? 'enseignant' : 'directeur' });
    deliver(charlotte, 50_000);
    const page = services.quotaOverview.page({}, 'bytes', true, 1);
    expect(page).toMatchObject({ total: 62, pages: 2, page: 1 });
    expect(page.rows[0]!.login).toBe('chabotte');
    expect(services.quotaOverview.page({}, 'bytes', true, 9).page).toBe(2);
    expect(services.quotaOverview.select({ role: 'directeur' })).toHaveLength(30);
    expect(services.quotaOverview.select({ query: 'habotte' }).map((r) => r.login)).toEqual(['chabotte']);
    expect(services.quotaOverview.select({ uai: '0131234w', degree: '1d' }).map((r) => r.login)).toEqual(['chabotte']);
    expect(services.quotaOverview.select({ minPercent: 80 })).toEqual([]);
    const byLogin = services.quotaOverview.select({}, 'login').map((r) => r.login);
    expect(byLogin).toEqual([...byLogin].sort((a, b) => a.localeCompare(b)));
  });
});
