import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { Directory, directoryQuery } from '../../src/directory/directory.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let directory: Directory;

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
  directory = new Directory(services.db);
});
afterEach(() => {
  services.db.close();
  temp.cleanup();
});

const add = (prenom: string, nom: string, extra: { fonction?: string; uai?: string; circonscription?: string } = {}) =>
  services.accounts.create({ prenom, nom, numen: testNumen(), ...extra });

describe('directory search', () => {
  it('finds people by the start of any word, accents and case ignored', () => {
    add('Hélène', "N'Diaye", { fonction: 'professeure des écoles' });
    add('Jean-Pierre', 'Dupont', { fonction: "professeur agrégé d'histoire-géographie", uai: '0132345D' });
    expect(directory.search('helene').map((e) => e.nom)).toEqual(["N'Diaye"]);
    expect(directory.search('NDIAYE').map((e) => e.prenom)).toEqual(['Hélène']);
    expect(directory.search('jean-pi').map((e) => e.nom)).toEqual(['Dupont']);
    expect(directory.search('0132345').map((e) => e.nom)).toEqual(['Dupont']);
    expect(directory.search('histoire geo').map((e) => e.nom)).toEqual(['Dupont']);
    expect(directory.search('écoles').map((e) => e.nom)).toEqual(["N'Diaye"]);
  });

  it('follows changes to accounts (triggers) and leaves disabled accounts out', () => {
    const a = add('Marc', 'Lefèvre');
    expect(directory.search('lefevre')).toHaveLength(1);
    services.db.prepare(`UPDATE accounts SET fonction = 'directeur d''école' WHERE id = ?`).run(a.id);
    expect(directory.search('directeur')).toHaveLength(1);
    services.accounts.disable(a.id);
    expect(directory.search('lefevre')).toHaveLength(0);
    services.accounts.enable(a.id);
    services.db.prepare(`DELETE FROM accounts WHERE id = ?`).run(a.id);
    expect(directory.search('lefevre')).toHaveLength(0);
  });

  it('ranks names first, bounds the answer, and never shows secrets', () => {
    for (let i = 0; i < 15; i++) add(`Prénom${i}`, 'Martin');
    add('Paul', 'Roux', { fonction: 'martin-pêcheur' });
    const found = directory.search('martin');
    expect(found).toHaveLength(10);
    expect(found.every((e) => e.nom === 'Martin')).toBe(true);
    expect(Object.keys(found[0]!).sort()).toEqual(['address', 'circonscription', 'fonction', 'nom', 'prenom', 'uai']);
  });

  it('treats FTS5 syntax as plain text', () => {
    add('Anne', 'Or');
    for (const hostile of ['"', 'NOT', 'a OR b', 'nom:x', '*', '(', 'NEAR(a b)', '^x', '-', '\u0000']) {
      expect(() => directory.search(hostile)).not.toThrow();
    }
    expect(directoryQuery('  ')).toBeNull();
    expect(directoryQuery('a"b OR c*')).toBe('"a"* "b"* "OR"* "c"*');
  });
});
