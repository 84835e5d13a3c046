import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { silentLogger } from '../../src/log/logger.js';
import { cliIn } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import '../helpers/webmel.js'; // cheap scrypt for tests

let temp: ReturnType<typeof makeTempDir>;

const cli = cliIn(() => temp.dir, { WEBMEL_QUOTA_MB: '1' });

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('webmel user', () => {
  it('adds a user and prints the login and address, homonyms getting a digit', async () => {
    const first = await cli('user', 'add', '--prenom', 'Charlotte', '--nom', 'Habotté', '--numen', '02G0512345ABC', '--naissance', '1985-04-12', '--degree', '1d', '--uai', '0951099D');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain('identifiant chabotte, adresse charlotte.habotte@ac-test.fr');
    const second = await cli('user', 'add', '--prenom', 'Christophe', '--nom', 'Habotte', '--numen', '02E0923456BCD');
    expect(second.out).toContain('identifiant chabotte1');
  });

  it('refuses an invalid NUMEN, role or UAI with exit code 1 or 2', async () => {
    expect((await cli('user', 'add', '--prenom', 'A', '--nom', 'B', '--numen', 'X')).code).toBe(1);
    expect((await cli('user', 'add', '--prenom', 'A', '--nom', 'B', '--numen', '02G0512345ABC', '--role', 'roi')).code).toBe(2);
    expect((await cli('user', 'add', '--prenom', 'A', '--nom', 'B', '--numen', '02G0512345ABC', '--uai', '0951099E')).code).toBe(1);
    expect((await cli('user', 'add', '--prenom', 'A')).code).toBe(2);
  });

  it('lists users as a table or JSON without any secret', async () => {
    await cli('user', 'add', '--prenom', 'Charlotte', '--nom', 'Habotté', '--numen', '02G0512345ABC');
    const table = await cli('user', 'list');
    expect(table.out).toMatch(/chabotte\s+charlotte\.habotte@ac-test\.fr\s+Charlotte Habotté\s+enseignant\s+actif/);
    const json = await cli('user', 'list', '--json');
    const list = JSON.parse(json.out) as Array<Record<string, unknown>>;
    expect(list[0]).toMatchObject({ login: 'chabotte', address: 'charlotte.habotte@ac-test.fr' });
    expect(json.out).not.toMatch(/numen|password|scrypt/i);
  });

  it('disables a user, accent- and case-insensitively', async () => {
    await cli('user', 'add', '--prenom', 'Charlotte', '--nom', 'Habotté', '--numen', '02G0512345ABC');
    expect((await cli('user', 'disable', 'CHABOTTÉ')).code).toBe(0);
    expect((await cli('user', 'list')).out).toContain('désactivé');
    expect((await cli('user', 'disable', 'personne')).code).toBe(1);
  });
});

describe('webmel user lockouts and unlock', () => {
  it('says when nothing is limited, and refuses to unlock an unknown or missing login', async () => {
    await cli('user', 'add', '--prenom', 'Charlotte', '--nom', 'Habotté', '--numen', '02G0512345ABC');
    expect((await cli('user', 'lockouts')).out).toBe('Aucun compte ni aucune adresse limités en ce moment.\n');
    expect(JSON.parse((await cli('user', 'lockouts', '--json')).out)).toEqual({ accounts: [], addresses: [] });
    expect(await cli('user', 'unlock', 'chabotte')).toMatchObject({ code: 0, out: 'Compte chabotte débloqué : 0 tentative(s) effacée(s), toutes adresses confondues.\n' });
    expect((await cli('user', 'unlock', 'personne')).code).toBe(1);
    expect((await cli('user', 'unlock')).code).toBe(2);
  });
});

describe('webmel quota', () => {
  beforeEach(async () => {
    await cli('user', 'add', '--prenom', 'Charlotte', '--nom', 'Habotté', '--numen', '02G0512345ABC');
    await cli('user', 'add', '--prenom', 'Marc', '--nom', 'Lefèvre', '--numen', '02G0034567CDE');
    const services = createServices(testConfig(temp.dir, { quotaBytes: 1024 * 1024 }), silentLogger);
    const account = services.accounts.byLoginOrAddress('chabotte')!;
    const raw = Buffer.from(`Subject: gros\r\n\r\n${'x'.repeat(900 * 1024)}`);
    services.store.deliver(prepareMessage(raw), [{ accountId: account.id, limitBytes: 0, bypassQuota: true }]);
    services.db.close();
  });

  it('shows usage with limit, percent and folders, as text and JSON', async () => {
    const text = await cli('quota', 'show', 'charlotte.habotte@ac-test.fr');
    expect(text.out).toContain('sur 1 Mo');
    expect(text.out).toMatch(/INBOX\s+1\s/);
    const json = JSON.parse((await cli('quota', 'show', 'chabotte', '--json')).out);
    expect(json).toMatchObject({ login: 'chabotte', limitBytes: 1048576, messages: 1 });
    expect(json.usedBytes).toBeGreaterThan(900 * 1024);
    expect(json.folders.find((f: { name: string }) => f.name === 'INBOX').messages).toBe(1);
  });

  it('reports accounts over a percentage as JSON and CSV', async () => {
    const over = JSON.parse((await cli('quota', 'report', '--over', '80', '--json')).out);
    expect(over.map((l: { login: string }) => l.login)).toEqual(['chabotte']);
    const csv = (await cli('quota', 'report', '--csv')).out.trim().split('\n');
    expect(csv[0]).toBe('login,address,used_bytes,limit_bytes,percent,messages');
    expect(csv).toHaveLength(3);
  });

  it('sets a per-account limit and returns to the default', async () => {
    expect((await cli('quota', 'set', 'chabotte', '100M')).out).toContain('100 Mo');
    expect(JSON.parse((await cli('quota', 'show', 'chabotte', '--json')).out).limitBytes).toBe(100 * 1024 * 1024);
    await cli('quota', 'set', 'chabotte', 'default');
    expect(JSON.parse((await cli('quota', 'show', 'chabotte', '--json')).out).limitBytes).toBe(1024 * 1024);
    expect((await cli('quota', 'set', 'chabotte', 'beaucoup')).code).toBe(1);
  });

  it('refuses a zero, negative, non-numeric, absurdly large or unknown-unit limit, and keeps the one set', async () => {
    await cli('quota', 'set', 'chabotte', '100M');
    for (const size of ['0M', '0', '-5M', '-1', 'beaucoup', '500K', '2T', '5000G', '100X', '1e9']) {
      const refused = await cli('quota', 'set', 'chabotte', size);
      expect(refused, size).toMatchObject({ code: 1, out: '' });
      expect(refused.err, size).toMatch(/^Erreur : (Quota refusé|Taille invalide) : « /);
    }
    expect((await cli('quota', 'set', 'chabotte', '0M')).err).toContain('Indiquez entre 1 Mo et 1 To');
    expect(JSON.parse((await cli('quota', 'show', 'chabotte', '--json')).out).limitBytes).toBe(100 * 1024 * 1024);
    expect((await cli('quota', 'set', 'chabotte', '1024G')).code).toBe(0);
    expect((await cli('quota', 'set', 'chabotte', 'default')).out).toContain('(valeur par défaut)');
  });

  it('recalculates usage from the stored messages and reports drift', async () => {
    const services = createServices(testConfig(temp.dir), silentLogger);
    services.db.prepare('UPDATE quota_usage SET used_bytes = 5').run();
    services.db.close();
    const result = await cli('quota', 'recalc');
    expect(result.out).toContain('chabotte : écart corrigé, 5 →');
    expect(result.out).toContain('2 compte(s) recompté(s), 2 écart(s).');
    expect((await cli('quota', 'recalc', 'chabotte')).out).toContain('0 écart(s)');
  });
});
