import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { uaiWithCheckLetter } from '../../src/directory/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { cliIn } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import '../helpers/webmel.js'; // cheap scrypt for tests

let temp: ReturnType<typeof makeTempDir>;
const cli = cliIn(() => temp.dir);

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const CIRCO = uaiWithCheckLetter('0133300');
const ECOLE = uaiWithCheckLetter('0131234');
const DSDEN = uaiWithCheckLetter('0131000');

const STRUCTURES = [
  'uai;type;nom;commune;code_postal;degre;secteur;circonscription;zone;semaine',
  `${DSDEN};dsden;DSDEN des Bouches-du-Rhône;Marseille;13006;;public;;B;`,
  `${CIRCO};circonscription;Marseille 5 – Saint-Just;Marseille;13013;1d;public;;B;`,
  `${ECOLE};ecole_elementaire;École élémentaire Jean Jaurès;Marseille;13013;1d;public;${CIRCO};B;4j`,
];
const PEOPLE_HEADER = 'nom;prenom;adresse;fonction;corps;discipline;uai;role;gestionnaire';
const PEOPLE = [
  PEOPLE_HEADER,
  `Benali;Nadia;nadia.benali@ac-test.fr;gestionnaire;;;${DSDEN};gestionnaire;`,
  `Habotté;Charlotte;charlotte.habotte@ac-test.fr;professeure des écoles;;;${ECOLE};enseignant;nadia.benali@ac-test.fr`,
];

function write(name: string, rows: string[]): string {
  fs.writeFileSync(path.join(temp.dir, name), rows.join('\n') + '\n');
  return name; // relative: the CLI resolves it against its cwd
}

/** The database as the server would see it, for what the CLI does not print. */
async function withServices<T>(use: (services: ReturnType<typeof createServices>) => T | Promise<T>): Promise<T> {
  const services = createServices(testConfig(temp.dir, { domain: 'ac-test.fr' }), silentLogger);
  try {
    return await use(services);
  } finally {
    services.db.close();
  }
}

describe('webmel directory import', () => {
  it('prints exactly one JSON object with the four figures, and exits 0 without rejects', async () => {
    const result = await cli('directory', 'import', write('structures.csv', STRUCTURES), '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toStrictEqual({ added: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(result.out.trim().split('\n')).toHaveLength(1);
    expect(result.err).toBe('');
  });

  it('exits 1 when a row is rejected, lists it with its line, and imports the rest', async () => {
    const file = write('bad.csv', [...STRUCTURES, '0131234A;ecole;Mauvaise lettre;Marseille;13013;;;;;']);
    const json = await cli('directory', 'import', file, '--json', '--dry-run');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toStrictEqual({
      added: 3,
      updated: 0,
      unchanged: 0,
      rejected: [{ line: 5, reason: 'lettre de contrôle de l’UAI 0131234A fausse : 0131234W attendu' }],
    });
    const text = await cli('directory', 'import', file);
    expect(text.code).toBe(1);
    expect(text.out).toContain('bad.csv : structures (UTF-8, séparateur « ; »)');
    expect(text.out).toMatch(/ajoutées : 3\n {2}modifiées : 0\n {2}inchangées : 0\n {2}lignes rejetées : 1/);
    expect(text.out).toContain('ligne 5 : lettre de contrôle de l’UAI 0131234A fausse');
    expect(await withServices((s) => s.directory.counts().structures)).toBe(3);
  });

  it('says « Aucune modification » on a second import, and a dry run writes nothing', async () => {
    const file = write('structures.csv', STRUCTURES);
    const dry = await cli('directory', 'import', file, '--dry-run');
    expect(dry.out).toContain('Simulation (--dry-run) : rien n’a été enregistré.');
    expect(await withServices((s) => s.directory.counts().structures)).toBe(0);
    await cli('directory', 'import', file);
    const again = await cli('directory', 'import', file);
    expect(again.code).toBe(0);
    expect(again.out).toContain('inchangées : 3');
    expect(again.out).toContain('Aucune modification.');
  });

  it('prunes with --prune and adds the count to the JSON', async () => {
    await cli('directory', 'import', write('structures.csv', STRUCTURES));
    const result = await cli('directory', 'import', write('fewer.csv', STRUCTURES.slice(0, 3)), '--prune', '--json');
    expect(JSON.parse(result.out)).toStrictEqual({ added: 0, updated: 0, unchanged: 2, rejected: [], removed: 1 });
  });

  it('refuses an unknown header or a missing file on stderr, exit 1, nothing on stdout', async () => {
    const unknown = await cli('directory', 'import', write('other.csv', ['code;libelle', 'a;b']), '--json');
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toMatch(/^other\.csv : en-tête non reconnu/);
    const missing = await cli('directory', 'import', 'absent.csv');
    expect(missing).toMatchObject({ code: 1, out: '', err: 'absent.csv : fichier introuvable.\n' });
  });

  it('prints no progress line for a small file when stderr is not a terminal', async () => {
    const result = await cli('directory', 'import', write('structures.csv', STRUCTURES));
    expect(result.err).toBe('');
  });

  it('answers --help, and a usage error with exit 2', async () => {
    const help = await cli('directory', 'import', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage : webmel directory import FICHIER.csv [options]');
    expect(help.out).toContain('--prune');
    expect((await cli('directory', 'import')).code).toBe(2);
    expect((await cli('directory', '--help')).out).toContain('search TEXTE…');
  });
});

describe('webmel directory search', () => {
  beforeEach(async () => {
    await cli('directory', 'import', write('structures.csv', STRUCTURES));
    await cli('directory', 'import', write('people.csv', PEOPLE));
  });

  it('prints an array of entries with exactly the documented fields', async () => {
    const result = await cli('directory', 'search', 'ecole', 'jean', 'jaures', '--json');
    expect(result.code).toBe(0);
    const hits = JSON.parse(result.out) as Array<Record<string, unknown>>;
    for (const hit of hits) expect(Object.keys(hit)).toEqual(['kind', 'nom', 'prenom', 'adresse', 'fonction', 'uai', 'structure', 'commune']);
    expect(hits[0]).toStrictEqual({
      kind: 'structure',
      nom: 'École élémentaire Jean Jaurès',
      prenom: null,
      adresse: `ce.${ECOLE.toLowerCase()}@ac-test.fr`,
      fonction: 'École élémentaire',
      uai: ECOLE,
      structure: 'École élémentaire Jean Jaurès',
      commune: 'Marseille',
    });
    const people = JSON.parse((await cli('directory', 'search', 'HABOTTE', '--json')).out) as Array<Record<string, unknown>>;
    expect(people).toEqual([expect.objectContaining({ kind: 'person', nom: 'Habotté', prenom: 'Charlotte', adresse: 'charlotte.habotte@ac-test.fr', uai: ECOLE })]);
  });

  it('prints a table, or « Aucun résultat. » with exit 0', async () => {
    const table = await cli('directory', 'search', 'charlotte');
    expect(table.out).toMatch(/^TYPE\s+NOM\s+ADRESSE/);
    expect(table.out).toMatch(/personne\s+Charlotte Habotté\s+charlotte\.habotte@ac-test\.fr/);
    expect(await cli('directory', 'search', 'zzzz')).toMatchObject({ code: 0, out: 'Aucun résultat.\n' });
    expect(JSON.parse((await cli('directory', 'search', 'zzzz', '--json')).out)).toEqual([]);
  });
});

describe('webmel user import', () => {
  const ACCOUNTS_HEADER = `${PEOPLE_HEADER};numen`;

  beforeEach(async () => {
    await cli('directory', 'import', write('structures.csv', STRUCTURES));
  });

  it('creates accounts that sign in with their NUMEN, keeps the address the file gives, and records their entry', async () => {
    const file = write('comptes.csv', [
      ACCOUNTS_HEADER,
      `Habotté;Charlotte;charlotte.habotte@ac-test.fr;professeure des écoles;professeur des écoles;;${ECOLE};enseignant;nadia.benali@ac-test.fr;02G0512345ABC`,
      `Martin;Jean;j.martin-ecole@ac-test.fr;;;;${ECOLE};directeur;;02G0512345ABD`,
    ]);
    const result = await cli('user', 'import', file, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toStrictEqual({ added: 2, updated: 0, unchanged: 0, rejected: [] });
    expect(result.out + result.err).not.toContain('02G0512345AB');
    await withServices(async (s) => {
      const jean = s.accounts.byAddress('j.martin-ecole@ac-test.fr');
      expect(jean).toMatchObject({ login: 'jmartin', role: 'directeur', uai: ECOLE, degree: '1d', circonscription: 'Marseille 5 – Saint-Just' });
      expect(await s.auth.authenticate('chabotte', '02G0512345ABC', { ip: '127.0.0.1' })).toMatchObject({ ok: true });
      expect(s.directory.person('charlotte.habotte@ac-test.fr')).toMatchObject({ mailbox: 'active', corps: 'professeur des écoles', gestionnaire: 'nadia.benali@ac-test.fr', affectations: [ECOLE] });
      expect(JSON.stringify(s.db.prepare('SELECT * FROM directory_people').all())).not.toContain('02G0512345');
    });
  });

  it('skips people who already have an account, and counts them as unchanged', async () => {
    const file = write('comptes.csv', [ACCOUNTS_HEADER, `Habotté;Charlotte;charlotte.habotte@ac-test.fr;;;;;;;02G0512345ABC`]);
    await cli('user', 'import', file);
    const again = await cli('user', 'import', file);
    expect(again.code).toBe(0);
    expect(again.out).toContain('déjà pourvues d’un compte (ignorées) : 1');
    expect(again.out).toContain('Aucune modification.');
    expect(JSON.parse((await cli('user', 'import', file, '--json')).out)).toStrictEqual({ added: 0, updated: 0, unchanged: 1, rejected: [] });
  });

  it('forms the address of a row without one, numbering homonyms', async () => {
    const file = write('homonymes.csv', [ACCOUNTS_HEADER, `Martin;Jean;;;;;;;;02G0000001ABC`, `Martin;Jean;;;;;;;;02G0000002ABC`]);
    expect((await cli('user', 'import', file)).code).toBe(0);
    await withServices((s) => {
      expect(s.accounts.byAddress('jean.martin@ac-test.fr')?.login).toBe('jmartin');
      expect(s.accounts.byAddress('jean.martin1@ac-test.fr')?.login).toBe('jmartin1');
      expect(s.directory.person('jean.martin1@ac-test.fr')?.mailbox).toBe('active');
    });
    // The same file again: each Jean Martin is known by his NUMEN, and nobody gets a third account.
    const again = await cli('user', 'import', file, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ added: 0, unchanged: 2 });
    await withServices((s) => expect(s.accounts.byAddress('jean.martin2@ac-test.fr')).toBeNull());
  });

  it('rejects a missing, invalid or repeated NUMEN and an address outside the domain, without quoting the NUMEN', async () => {
    const file = write('mauvais.csv', [
      ACCOUNTS_HEADER,
      `Un;Jean;;;;;;;;`, // 2
      `Deux;Jean;;;;;;;;12345`, // 3
      `Trois;Jean;;;;;;;;02G0000003ABC`, // 4
      `Quatre;Jean;;;;;;;;02G0000003ABC`, // 5
      `Cinq;Jean;jean.cinq@ailleurs.fr;;;;;;;02G0000005ABC`, // 6
    ]);
    const result = await cli('user', 'import', file, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toStrictEqual({
      added: 1,
      updated: 0,
      unchanged: 0,
      rejected: [
        { line: 2, reason: 'NUMEN manquant' },
        { line: 3, reason: 'NUMEN invalide : 13 caractères, par exemple 01E9501234ABC' },
        { line: 5, reason: 'NUMEN en double : déjà ligne 4' },
        { line: 6, reason: 'Adresse invalide : une adresse de la forme prenom.nom@ac-test.fr est attendue' },
      ],
    });
    expect(result.out).not.toContain('02G0000003ABC');
  });

  it('creates nothing on a dry run, and refuses a file without a numen column', async () => {
    const file = write('comptes.csv', [ACCOUNTS_HEADER, `Habotté;Charlotte;;;;;;;;02G0512345ABC`]);
    const dry = await cli('user', 'import', file, '--dry-run', '--json');
    expect(JSON.parse(dry.out)).toMatchObject({ added: 1 });
    await withServices((s) => expect(s.accounts.count()).toBe(0));
    const noNumen = await cli('user', 'import', write('sans-numen.csv', PEOPLE));
    expect(noNumen).toMatchObject({ code: 1, out: '' });
    expect(noNumen.err).toContain('sans colonne « numen » (obligatoire)');
    expect((await cli('user', 'import', '--help')).out).toContain('Usage : webmel user import FICHIER.csv [options]');
  });
});
