/** The audit log: each admin action of the CLI leaves an entry, never a secret, filterable, purged after 12 months. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Services } from '../../src/app.js';
import { cliIn, withServicesIn } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
const cli = cliIn(() => temp.dir);
const read = <T>(use: (s: Services) => T): T => withServicesIn(temp.dir, use);

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

it('records who did what to whom and why for each CLI action, and lists them newest first', async () => {
  expect((await cli('user', 'add', '--prenom', 'Charlotte', '--nom', 'Habotté', '--numen', '02G0512345ABC')).code).toBe(0);
  expect((await cli('quota', 'set', 'chabotte', '100M', '--reason', 'direction d’école, pièces jointes'))).toMatchObject({ code: 0 });
  expect((await cli('user', 'disable', 'chabotte')).code).toBe(0);
  expect((await cli('user', 'enable', 'chabotte')).code).toBe(0);
  expect((await cli('user', 'unlock', 'chabotte')).code).toBe(0);
  const listed = await cli('audit', 'list', '--json');
  expect(listed.code).toBe(0);
  const entries = JSON.parse(listed.out) as Array<{ actor: string; action: string; target: string; reason: string; details: Record<string, unknown> }>;
  expect(entries.map((e) => e.action)).toEqual(['account.unlock', 'account.enable', 'account.disable', 'quota.set', 'account.create']);
  expect(entries.every((e) => e.actor.startsWith('cli') && e.target === 'chabotte')).toBe(true);
  expect(entries[3]).toMatchObject({ reason: 'direction d’école, pièces jointes', details: { limit_bytes: 100 * 1024 * 1024, was_bytes: null } });
  expect(listed.out).not.toMatch(/02G0512345ABC|scrypt/);

  const quota = JSON.parse((await cli('audit', 'list', '--action', 'quota', '--json')).out) as unknown[];
  expect(quota).toHaveLength(1);
  expect(JSON.parse((await cli('audit', 'list', '--since', '1h', '--target', 'personne', '--json')).out)).toEqual([]);
  expect((await cli('audit', 'list', '--since', 'hier')).code).toBe(2);
});

it('refuses details that would carry a secret or content, and purges after 12 months', () => {
  read((services) => {
    expect(() => services.audit.record({ actor: 'proux', action: 'account.reset', details: { numen: 'x' } })).toThrow(/journal/);
    expect(() => services.audit.record({ actor: 'proux', action: 'x', details: { password_hash: 'x' } })).toThrow(/journal/);
    services.audit.record({ actor: 'proux', action: 'quota.set', target: 'a', at: Date.now() - 366 * 86_400_000 });
    services.audit.record({ actor: 'proux', action: 'quota.set', target: 'b' });
    expect(services.audit.purgeExpired()).toBe(1);
    expect(services.audit.list().map((e) => e.target)).toEqual(['b']);
  });
});
