/**
 * Every console action has its CLI twin (issue 21): `--json` prints one object a script can
 * read, and a refusal (unknown account, a bad value, the last admin) exits non-zero, says why on
 * stderr, prints nothing on stdout and changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Services } from '../../src/app.js';
import { cliIn, withServicesIn } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
const cli = cliIn(() => temp.dir);
const read = <T>(use: (s: Services) => T): T => withServicesIn(temp.dir, use);
const json = async (...argv: string[]) => {
  const result = await cli(...argv, '--json');
  expect(result, argv.join(' ')).toMatchObject({ code: 0, err: '' });
  return JSON.parse(result.out) as Record<string, unknown>;
};

beforeEach(async () => {
  temp = makeTempDir();
  expect((await cli('user', 'add', '--prenom', 'Paul', '--nom', 'Roux', '--numen', '02G0512345ABD', '--role', 'admin')).code).toBe(0);
});
afterEach(() => temp.cleanup());

it('answers each console action in JSON on the command line, and each leaves its audit entry', async () => {
  expect(await json('user', 'add', '--prenom', 'Charlotte', '--nom', 'Habotté', '--numen', '02G0512345ABC')).toEqual({ login: 'chabotte', address: 'charlotte.habotte@ac-test.fr', role: 'enseignant' });
  expect(await json('user', 'set', 'chabotte', '--role', 'directeur', '--degree', '1d', '--uai', '0131234w', '--circonscription', 'Marseille 5', '--reason', 'nomination'))
    .toEqual({ login: 'chabotte', role: 'directeur', degree: '1d', uai: '0131234W', circonscription: 'Marseille 5' });
  // An option left out keeps its value; « none » clears one.
  expect(await json('user', 'set', 'chabotte', '--degree', 'none')).toMatchObject({ role: 'directeur', degree: null, uai: '0131234W' });
  expect(await json('quota', 'set', 'chabotte', '100M', '--reason', 'pièces jointes')).toEqual({ login: 'chabotte', quota_bytes: 100 * 1024 ** 2, limit_bytes: 100 * 1024 ** 2 });
  expect(await json('quota', 'recalc', 'chabotte')).toEqual({ accounts: 1, drifted: 0, drifts: [] });
  expect(await json('quota', 'remind', 'chabotte')).toEqual({ login: 'chabotte', address: 'charlotte.habotte@ac-test.fr', sent: true });
  expect(await json('quota', 'purge-trash', 'chabotte')).toEqual({ messages: 0, bytes: 0 });
  expect(await json('user', 'disable', 'chabotte', '--reason', 'congé')).toEqual({ login: 'chabotte', disabled: true });
  expect(await json('user', 'enable', 'chabotte')).toEqual({ login: 'chabotte', disabled: false });
  expect(await json('user', 'reset-password', 'chabotte')).toEqual({ login: 'chabotte', password_is_numen: true });
  expect(await json('user', 'revoke-sessions', 'chabotte')).toEqual({ login: 'chabotte', sessions_ended: 0 });
  expect(await json('user', 'unlock', 'chabotte')).toEqual({ login: 'chabotte', cleared: 0 });

  const actions = (JSON.parse((await cli('audit', 'list', '--target', 'chabotte', '--json')).out) as Array<{ action: string }>).map((e) => e.action).reverse();
  expect(actions).toEqual([
    'account.create', 'account.profile', 'account.profile', 'quota.set', 'quota.recalc', 'quota.remind', 'quota.purge-trash',
    'account.disable', 'account.enable', 'account.reset-password', 'account.revoke-sessions', 'account.unlock',
  ]);
  // The reminder arrived in her INBOX.
  read((services) => {
    const account = services.accounts.byLoginOrAddress('chabotte')!;
    expect(services.store.usage(account.id).messageCount).toBe(1);
  });
});

it('counts every account again in one run with one audit entry for the run and one per drift', async () => {
  expect(await json('quota', 'recalc')).toEqual({ accounts: 1, drifted: 0, drifts: [] });
  const entries = JSON.parse((await cli('audit', 'list', '--action', 'quota', '--json')).out) as Array<{ action: string; details: Record<string, unknown> }>;
  expect(entries).toEqual([expect.objectContaining({ action: 'quota.recalc-all', details: { accounts: 1, drifted: 0 } })]);
});

it('records a CSV import of accounts in the audit log with its counts, never a NUMEN', async () => {
  const file = path.join(temp.dir, 'comptes.csv');
  fs.writeFileSync(file, 'prenom;nom;numen\nJeanne;Martin;03F1234567XYZ\nJean;Sans;pas-un-numen\n');
  expect((await cli('user', 'import', file, '--json')).code).toBe(1);
  const [entry] = JSON.parse((await cli('audit', 'list', '--action', 'account.import', '--json')).out) as Array<{ details: Record<string, unknown> }>;
  expect(entry!.details).toEqual({ added: 1, unchanged: 0, rejected: 1 });
  expect((await cli('audit', 'list', '--json')).out).not.toContain('03F1234567XYZ');
});

it('refuses a wrong action with a message and a non-zero exit, changing nothing', async () => {
  const refused = async (...argv: string[]) => {
    const result = await cli(...argv, '--json');
    expect(result.code, argv.join(' ')).not.toBe(0);
    expect(result.out, argv.join(' ')).toBe('');
    expect(result.err, argv.join(' ')).toMatch(/\S/);
    return result.err;
  };
  for (const argv of [
    ['user', 'set', 'personne', '--role', 'ien'],
    ['quota', 'set', 'personne', '100M'],
    ['quota', 'recalc', 'personne'],
    ['quota', 'remind', 'personne'],
    ['quota', 'purge-trash', 'personne'],
    ['user', 'disable', 'personne'],
    ['user', 'reset-password', 'personne'],
    ['user', 'revoke-sessions', 'personne'],
    ['user', 'unlock', 'personne'],
  ]) {
    expect(await refused(...argv)).toContain('personne');
  }
  expect(await refused('user', 'set', 'proux', '--uai', '0131234X')).toMatch(/UAI invalide/);
  expect(await refused('user', 'set', 'proux', '--role', 'enseignant')).toMatch(/dernier administrateur/);
  expect(await refused('user', 'disable', 'proux')).toMatch(/dernier administrateur/);
  expect(await refused('quota', 'set', 'proux', '0')).toMatch(/Quota refusé/);
  expect(await refused('user', 'add', '--prenom', 'A', '--nom', 'B', '--numen', 'court')).toMatch(/NUMEN invalide/);

  read((services) => {
    expect(services.accounts.byLoginOrAddress('proux')).toMatchObject({ role: 'admin', uai: null, disabledAt: null, quotaBytes: null });
    expect(services.accounts.count()).toBe(1);
    expect(services.audit.list().map((e) => e.action)).toEqual(['account.create']);
  });
});
