/**
 * `webmel iprof import` (issue 22): a good file fills the dossiers and a second run changes
 * nothing; bad lines are rejected with their line and reason while the others are written;
 * a dry run gives the same figures and writes nothing; a Windows-1252 file reads as well as
 * UTF-8; a file without the required columns is refused whole. And the CLI around it.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src/app.js';
import { testConfig } from '../../../src/config.js';
import { ImportFileError, csvBytes } from '../../../src/directory/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { importDossiers } from '../../../src/portal/index.js';
import { cliIn } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { testNumen } from '../../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let logins: { charlotte: string; emilie: string };

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir, { domain: 'ac-test.fr' }), silentLogger);
  logins = {
    charlotte: services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen: testNumen() }).login,
    emilie: services.accounts.create({ prenom: 'Émilie', nom: 'Girard', numen: testNumen() }).login,
  };
});
afterEach(() => {
  services.close();
  temp.cleanup();
});

const TODAY = '2026-01-15';
const run = (lines: string[], options: { dryRun?: boolean; encoding?: 'win1252' } = {}) => {
  const text = `${lines.join('\r\n')}\r\n`;
  const bytes = options.encoding ? iconv.encode(text, options.encoding) : Buffer.from(text, 'utf8');
  return importDossiers({ accounts: services.accounts, dossiers: services.portal.dossiers }, csvBytes(bytes, 'dossiers.csv'), { dryRun: options.dryRun, by: 'cli:test', today: TODAY });
};
const HEADER = 'login;corps;grade;echelon;date_echelon;position';
const dossierOf = (login: string) => services.portal.dossiers.of(services.accounts.byLoginOrAddress(login)!.id);

describe('importDossiers', () => {
  it('fills the dossiers of a good file, and a second run changes nothing', () => {
    const lines = [HEADER, `${logins.charlotte};professeure des écoles;classe normale;6;2023-09-01;activité`, `${logins.emilie};professeur des écoles;Classe normale;3;2024-09-01;`];
    expect(run(lines)).toMatchObject({ encoding: 'utf-8', separator: ';', added: 2, updated: 0, unchanged: 0, rejected: [] });
    expect(dossierOf(logins.charlotte)).toMatchObject({ corps: 'professeure des écoles', grade: 'classe_normale', echelon: 6, echelonDate: '2023-09-01', position: 'activite', updatedBy: 'cli:test' });
    // An empty position is activité.
    expect(dossierOf(logins.emilie)!.position).toBe('activite');
    expect(run(lines)).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    expect(run([HEADER, `${logins.emilie};professeur des écoles;classe normale;4;2025-09-01;detachement`])).toMatchObject({ updated: 1 });
    expect(dossierOf(logins.emilie)).toMatchObject({ echelon: 4, position: 'detachement' });
  });

  it('rejects each bad line with its line and reason, and writes the good ones', () => {
    const marc = services.accounts.create({ prenom: 'Marc', nom: 'Lefèvre', numen: testNumen() }).login;
    const lucie = services.accounts.create({ prenom: 'Lucie', nom: 'Moreau', numen: testNumen() }).login;
    const report = run([
      HEADER,
      `${logins.charlotte};professeur des écoles;classe normale;12;2023-09-01;activite`,
      `inconnu;professeur des écoles;classe normale;3;2023-09-01;activite`,
      `${marc};professeur des écoles;classe normale;3;01/09/2023;activite`,
      `${logins.emilie};professeur des écoles;classe normale;3;2023-09-01;activite`,
      `${logins.emilie};professeur des écoles;classe normale;4;2023-09-01;activite`,
      `${lucie};professeur des écoles;première classe;3;2023-09-01;activite`,
      `${logins.charlotte.toUpperCase()};professeur des écoles`,
      `;professeur des écoles;classe normale;3;2023-09-01;activite`,
    ]);
    expect(report.added).toBe(1);
    expect(report.rejected.map((r) => r.line)).toEqual([2, 3, 4, 6, 7, 8, 9]);
    const reasons = report.rejected.map((r) => r.reason);
    expect(reasons[0]).toContain('Échelon invalide « 12 » : un nombre entier de 1 à 11');
    expect(reasons[1]).toContain('aucun compte n’a l’identifiant « inconnu »');
    expect(reasons[2]).toContain('Date d’accès à l’échelon invalide « 01/09/2023 »');
    // As in the other imports, the first line naming an agent is theirs, even when it is rejected.
    expect(reasons[3]).toContain(`identifiant ${logins.emilie} en double : déjà ligne 5`);
    expect(reasons[4]).toContain('Grade inconnu « première classe »');
    expect(reasons[5]).toContain('ligne incomplète');
    expect(reasons[6]).toContain('identifiant (login) manquant');
    expect(dossierOf(logins.emilie)!.echelon).toBe(3);
    for (const login of [logins.charlotte, marc, lucie]) expect(dossierOf(login)).toBeNull();
  });

  it('counts in a dry run as it would import, and writes nothing', () => {
    const lines = [HEADER, `${logins.charlotte};professeur des écoles;classe normale;6;2023-09-01;activite`, `inconnu;x;classe normale;1;2023-09-01;`];
    expect(run(lines, { dryRun: true })).toMatchObject({ added: 1, dryRun: true, rejected: [{ line: 3 }] });
    expect(dossierOf(logins.charlotte)).toBeNull();
  });

  it('reads a Windows-1252 file with commas', () => {
    const report = run([HEADER.replaceAll(';', ','), `${logins.charlotte},professeure des écoles,hors classe,2,2022-09-01,congé parental`], { encoding: 'win1252' });
    expect(report).toMatchObject({ encoding: 'windows-1252', separator: ',', added: 1 });
    expect(dossierOf(logins.charlotte)).toMatchObject({ corps: 'professeure des écoles', grade: 'hors_classe', position: 'conge_parental' });
  });

  it('refuses a file without the required columns, whole', () => {
    expect(() => run(['login;corps;grade', `${logins.charlotte};professeur des écoles;classe normale`])).toThrow(ImportFileError);
    expect(() => run(['login;corps;grade', `${logins.charlotte};professeur des écoles;classe normale`])).toThrow(/« echelon », « date_echelon » absentes/);
  });
});

describe('webmel iprof import and campaign', () => {
  const cli = cliIn(() => temp.dir);

  it('imports a file with its report, --json and --dry-run', async () => {
    fs.writeFileSync(path.join(temp.dir, 'dossiers.csv'), `${HEADER}\n${logins.charlotte};professeur des écoles;classe normale;6;2023-09-01;activite\ninconnu;x;classe normale;1;2023-09-01;\n`);
    services.close();
    const dry = await cli('iprof', 'import', 'dossiers.csv', '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('dossiers créés : 1');
    expect(dry.out).toContain('ligne 3 : aucun compte n’a l’identifiant « inconnu »');
    expect(dry.out).toContain('rien n’a été enregistré');
    const json = await cli('iprof', 'import', 'dossiers.csv', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ added: 1, updated: 0, unchanged: 0, rejected: [{ line: 3 }] });
    services = createServices(testConfig(temp.dir, { domain: 'ac-test.fr' }), silentLogger);
    expect(dossierOf(logins.charlotte)!.echelon).toBe(6);
    // The run is audited once, with its counts; the dry run is not.
    expect(services.audit.list().map((e) => [e.action, e.details])).toEqual([['iprof.dossier.import', { added: 1, updated: 0, unchanged: 0, rejected: 1 }]]);
  });

  it('adds, lists and removes a campaign, refusing a bad date', async () => {
    services.close();
    const added = await cli('iprof', 'campaign', 'add', '--titre', 'Hors-classe 2027', '--ouverture', '2027-03-01', '--cloture', '2027-03-20', '--corps', 'professeur des écoles', '--json');
    expect(added.code).toBe(0);
    const campaign = JSON.parse(added.out) as { id: number };
    expect((await cli('iprof', 'campaign', 'list')).out).toContain('Hors-classe 2027');
    const bad = await cli('iprof', 'campaign', 'add', '--titre', 'X', '--ouverture', '2027-03-01', '--cloture', '2027-02-30');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Date de clôture invalide');
    expect((await cli('iprof', 'campaign', 'remove', String(campaign.id))).code).toBe(0);
    expect((await cli('iprof', 'campaign', 'remove', String(campaign.id))).code).toBe(1);
    expect((await cli('iprof', 'campaign', 'list')).out).toBe('Aucune campagne.\n');
    services = createServices(testConfig(temp.dir, { domain: 'ac-test.fr' }), silentLogger);
  });
});
