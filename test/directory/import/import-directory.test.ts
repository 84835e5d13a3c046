import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src/app.js';
import { testConfig } from '../../../src/config.js';
import { ImportFileError, csvFile, importDirectory, uaiWithCheckLetter, type ImportOptions } from '../../../src/directory/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
});
afterEach(() => {
  services.db.close();
  temp.cleanup();
});

const CIRCO = uaiWithCheckLetter('0133300');
const ECOLE = uaiWithCheckLetter('0131234');
const MATERNELLE = uaiWithCheckLetter('0131235');
const COLLEGE = uaiWithCheckLetter('0132345');
const DSDEN = uaiWithCheckLetter('0131000');

const STRUCTURES_HEADER = 'uai;type;nom;commune;code_postal;degre;secteur;circonscription;zone;semaine';
const PEOPLE_HEADER = 'nom;prenom;adresse;fonction;corps;discipline;uai;role;gestionnaire';

const STRUCTURES = [
  STRUCTURES_HEADER,
  `${DSDEN};dsden;DSDEN des Bouches-du-Rhône;Marseille;13006;;public;;B;`,
  `${CIRCO};circonscription;Marseille 5 – Saint-Just;Marseille;13013;1d;public;;B;`,
  `${ECOLE};ecole_elementaire;École élémentaire Jean Jaurès;Marseille;13013;1d;public;${CIRCO};B;4j`,
  `${COLLEGE};college;Collège Louise Michel;Marseille;13013;2d;public;;B;`,
];

const PEOPLE = [
  PEOPLE_HEADER,
  `Habotté;Charlotte;charlotte.habotte@ac-test.fr;professeure des écoles;professeur des écoles;;${ECOLE};enseignant;nadia.benali@ac-test.fr`,
  `Benali;Nadia;nadia.benali@ac-test.fr;gestionnaire;attachée;;${DSDEN};gestionnaire;`,
  `Dupont;Jean-Pierre;jean-pierre.dupont@ac-test.fr;professeur;agrégé;histoire-géographie;${COLLEGE}|${ECOLE};enseignant;`,
];

function write(name: string, content: string | Buffer): string {
  const file = path.join(temp.dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const lines = (rows: string[], eol = '\n') => rows.join(eol) + eol;
const run = (file: string, options?: ImportOptions) => importDirectory(services.directory, csvFile(file), options);
const figures = (r: { added: number; updated: number; unchanged: number; rejected: unknown[] }) => ({
  added: r.added,
  updated: r.updated,
  unchanged: r.unchanged,
  rejected: r.rejected,
});

/** Everything the annuaire holds, to compare before and after. */
function snapshot(): string {
  return JSON.stringify(
    ['directory_structures', 'directory_people', 'directory_affectations'].map((table) => services.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()),
  );
}

describe('importing structures', () => {
  it('adds every row and gives each structure its functional address', () => {
    const report = run(write('structures.csv', lines(STRUCTURES)));
    expect(figures(report)).toEqual({ added: 4, updated: 0, unchanged: 0, rejected: [] });
    expect(report.kind).toBe('structures');
    expect(services.directory.structure(ECOLE)).toMatchObject({
      nom: 'École élémentaire Jean Jaurès',
      type: 'ecole_elementaire',
      circonscription: CIRCO,
      zone: 'B',
      semaine: '4j',
      departement: '013',
      address: `ce.${ECOLE.toLowerCase()}@ac-test.fr`,
    });
  });

  it('changes nothing on a second import of the same file, and says so', () => {
    const file = write('structures.csv', lines(STRUCTURES));
    run(file);
    const before = snapshot();
    expect(figures(run(file))).toEqual({ added: 0, updated: 0, unchanged: 4, rejected: [] });
    expect(snapshot()).toBe(before);
  });

  it('updates a structure whose row changed, by its UAI', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    const renamed = STRUCTURES.map((row) => row.replace('Collège Louise Michel', 'Collège Louise-Michel'));
    expect(figures(run(write('renamed.csv', lines(renamed))))).toEqual({ added: 0, updated: 1, unchanged: 3, rejected: [] });
    expect(services.directory.structure(COLLEGE)?.nom).toBe('Collège Louise-Michel');
  });

  it('accepts an école whose circonscription a later line defines', () => {
    const [header, dsden, circo, ecole, college] = STRUCTURES as [string, string, string, string, string];
    const report = run(write('later.csv', lines([header, ecole, dsden, college, circo])));
    expect(figures(report)).toEqual({ added: 4, updated: 0, unchanged: 0, rejected: [] });
    expect(services.directory.structurePage(CIRCO)?.ecoles.map((e) => e.uai)).toEqual([ECOLE]);
  });

  it('accepts an école whose circonscription is already in the annuaire', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    const report = run(write('more.csv', lines([STRUCTURES_HEADER, `${MATERNELLE};maternelle;École maternelle Les Lilas;Marseille;13013;;;${CIRCO};B;4.5j`])));
    expect(figures(report)).toEqual({ added: 1, updated: 0, unchanged: 0, rejected: [] });
    expect(services.directory.structure(MATERNELLE)).toMatchObject({ type: 'ecole_maternelle', degre: '1d', semaine: '4.5j', secteur: 'public' });
  });

  it('rejects each bad row with its file line and reason, and imports the rest', () => {
    const unknownCirco = uaiWithCheckLetter('0139999');
    const rows = [
      STRUCTURES_HEADER,
      `${DSDEN};dsden;DSDEN des Bouches-du-Rhône;Marseille;13006;;;;;`, // 2
      `0131234A;ecole_elementaire;Mauvaise lettre;Marseille;13013;;;;;`, // 3: wrong check letter
      `013123;ecole;Trop court;Marseille;13013;;;;;`, // 4
      `${MATERNELLE};piscine;Type inconnu;Marseille;13013;;;;;`, // 5
      `${ECOLE};ecole_elementaire;Circo inconnue;Marseille;13013;;;${unknownCirco};;`, // 6
      `${COLLEGE};college;Collège;Marseille;13013;3d;;;;`, // 7: degré
      `${CIRCO};circonscription;Marseille 5;Marseille;13013;;;;D;`, // 8: zone
      `${uaiWithCheckLetter('0131236')};ecole;École;Marseille;13013;;;;;5j`, // 9: semaine
      `${uaiWithCheckLetter('0131237')};ecole;École;Marseille;13013;;mixte;;;`, // 10: secteur
      `${uaiWithCheckLetter('0131238')};ecole;;Marseille;13013;;;;;`, // 11: nom manquant
      `${uaiWithCheckLetter('0131239')};ecole;Incomplète;Marseille`, // 12: colonnes manquantes
      `${DSDEN};dsden;Doublon;Marseille;13006;;;;;`, // 13: duplicate of line 2
      `${uaiWithCheckLetter('0131240')};ecole;École;Marseille;13O13;;;;;`, // 14: code postal
      `${uaiWithCheckLetter('0131241')};ecole;École;Marseille;13013;;;${DSDEN};;`, // 15: not a circonscription
      `${uaiWithCheckLetter('0132346')};college;Collège;Marseille;13013;;;${CIRCO};;`, // 16: a collège has none
    ];
    const report = run(write('bad.csv', lines(rows)));
    expect(report.added).toBe(1);
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const reason = (line: number) => report.rejected.find((r) => r.line === line)?.reason;
    expect(reason(3)).toBe('lettre de contrôle de l’UAI 0131234A fausse : 0131234W attendu');
    expect(reason(4)).toMatch(/^UAI invalide « 013123 »/);
    expect(reason(5)).toMatch(/^type « piscine » inconnu/);
    expect(reason(6)).toBe(`circonscription ${unknownCirco} inconnue : ni dans l’annuaire ni dans ce fichier`);
    expect(reason(7)).toMatch(/^degré « 3d » inconnu/);
    expect(reason(8)).toMatch(/^zone de vacances « D » inconnue/);
    expect(reason(9)).toMatch(/^semaine « 5j » inconnue/);
    expect(reason(10)).toMatch(/^secteur « mixte » inconnu/);
    expect(reason(11)).toBe('nom manquant');
    expect(reason(12)).toBe('ligne incomplète : 4 colonnes au lieu de 10 (séparateur « ; »)');
    expect(reason(13)).toBe(`UAI ${DSDEN} en double : déjà ligne 2`);
    expect(reason(14)).toMatch(/^code postal « 13O13 » invalide/);
    expect(reason(15)).toBe(`${DSDEN} n’est pas une circonscription (direction des services départementaux (dsden))`);
    expect(reason(16)).toMatch(/^seule une école a une circonscription/);
    expect(services.directory.counts().structures).toBe(1);
  });

  it('names the line a row starts on when an earlier quoted field spans several lines', () => {
    const rows = [
      STRUCTURES_HEADER,
      `${DSDEN};dsden;"DSDEN des\nBouches-du-Rhône";Marseille;13006;;;;;`, // lines 2-3
      `${COLLEGE};college;"Collège ""Louise Michel""; annexe";Marseille;13013;;;;;`, // 4: quoted separator and quotes
      `0131234A;ecole;Mauvaise lettre;Marseille;13013;;;;;`, // 5
    ];
    const report = run(write('multiline.csv', lines(rows, '\r\n')));
    expect(report.rejected).toEqual([{ line: 5, reason: expect.stringContaining('lettre de contrôle') }]);
    expect(services.directory.structure(DSDEN)?.nom).toBe('DSDEN des Bouches-du-Rhône');
    expect(services.directory.structure(COLLEGE)?.nom).toBe('Collège "Louise Michel"; annexe');
  });

  it('rejects an école whose circonscription row was itself rejected', () => {
    const rows = [STRUCTURES_HEADER, `${ECOLE};ecole;École;Marseille;13013;;;${CIRCO};;`, `${CIRCO};circonscription;Sans zone valide;Marseille;13013;;;;Z;`];
    const report = run(write('cascade.csv', lines(rows)));
    expect(report.rejected).toEqual([
      { line: 2, reason: `circonscription ${CIRCO} rejetée ligne 3` },
      { line: 3, reason: 'zone de vacances « Z » inconnue (attendu : A, B ou C)' },
    ]);
  });
});

describe('reading any référentiel export', () => {
  const expectImported = (file: string) => {
    const report = run(file);
    expect(figures(report)).toEqual({ added: 4, updated: 0, unchanged: 0, rejected: [] });
    expect(services.directory.structure(DSDEN)?.nom).toBe('DSDEN des Bouches-du-Rhône');
    expect(services.directory.structure(CIRCO)?.nom).toBe('Marseille 5 – Saint-Just');
    return report;
  };

  it('reads UTF-8 with a BOM', () => {
    const report = expectImported(write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines(STRUCTURES))])));
    expect(report.encoding).toBe('utf-8');
  });

  it('reads Windows-1252, as a spreadsheet saves it on Windows', () => {
    // « – » and « œ » are where Windows-1252 and Latin-1 differ.
    const text = lines([...STRUCTURES, `${MATERNELLE};maternelle;École maternelle Le Cœur;Marseille;13013;;;${CIRCO};B;4j`], '\r\n');
    const report = run(write('cp1252.csv', iconv.encode(text, 'win1252')));
    expect(report.encoding).toBe('windows-1252');
    expect(report.added).toBe(5);
    expect(services.directory.structure(CIRCO)?.nom).toBe('Marseille 5 – Saint-Just');
    expect(services.directory.structure(MATERNELLE)?.nom).toBe('École maternelle Le Cœur');
  });

  it('reads a comma-separated file with quoted commas', () => {
    const commas = STRUCTURES.map((row) => row.replaceAll(';', ',').replace('DSDEN des Bouches-du-Rhône', '"DSDEN des Bouches-du-Rhône, site Saint-Sébastien"'));
    const report = run(write('commas.csv', lines(commas)));
    expect(report.separator).toBe(',');
    expect(report.rejected).toEqual([]);
    expect(services.directory.structure(DSDEN)?.nom).toBe('DSDEN des Bouches-du-Rhône, site Saint-Sébastien');
  });

  it('recognises headers whatever their case and accents, in any order, and ignores unknown columns', () => {
    const header = 'Commentaire;Nom;UAI;Type;Commune;Code Postal;Degré;Secteur;Circonscription;Zone;Semaine';
    const rows = STRUCTURES.slice(1).map((row) => {
      const [uai, type, nom, ...rest] = row.split(';');
      return ['à ignorer', nom, uai, type, ...rest].join(';');
    });
    expectImported(write('headers.csv', lines([header, ...rows])));
  });

  it('refuses a file whose header is neither kind, and writes nothing', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    const before = snapshot();
    const file = write('unknown.csv', lines(['code;libelle', 'x;y']));
    expect(() => run(file)).toThrow(ImportFileError);
    expect(() => run(file)).toThrow(/en-tête non reconnu .*uai;type;nom/);
    expect(snapshot()).toBe(before);
  });

  it('refuses a file that lacks a required column', () => {
    expect(() => run(write('no-type.csv', lines([PEOPLE_HEADER.replace('adresse', 'courriel'), 'A;B;c@d.fr'])))).toThrow(
      /fichier de personnes sans colonne « adresse » \(obligatoire\)/,
    );
  });

  it('refuses binary garbage and an empty file, and writes nothing', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    const before = snapshot();
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    expect(() => run(write('garbage.bin', garbage))).toThrow(/fichier binaire/);
    expect(() => run(write('empty.csv', ''))).toThrow(/fichier vide/);
    expect(() => run(write('nul.csv', Buffer.from('uai;type;nom\n\0\0\0')))).toThrow(/fichier binaire/);
    expect(snapshot()).toBe(before);
  });

  it('refuses a file with an unclosed quote, and rolls back the rows read before it', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    const before = snapshot();
    const broken = [...PEOPLE.slice(0, 3), `Roux;"Paul;paul.roux@ac-test.fr;;;;;admin;`];
    expect(() => run(write('broken.csv', lines(broken)))).toThrow(/fichier CSV mal formé, ligne \d+ : un guillemet ouvert n’est jamais refermé/);
    expect(snapshot()).toBe(before);
  });

  it('refuses a file over 1 Gio before reading it', () => {
    const file = path.join(temp.dir, 'huge.csv');
    fs.writeFileSync(file, lines(STRUCTURES));
    fs.truncateSync(file, 1024 ** 3 + 1); // sparse: nothing is written to disk
    expect(() => run(file)).toThrow(/fichier trop volumineux \(plus de 1 Gio\)/);
    expect(services.directory.counts().structures).toBe(0);
  });

  it('says a missing file is missing', () => {
    expect(() => run(path.join(temp.dir, 'absent.csv'))).toThrow(/fichier introuvable/);
  });
});

describe('importing people', () => {
  beforeEach(() => {
    run(write('structures.csv', lines(STRUCTURES)));
  });

  it('adds people with their affectations and gestionnaire, and never a NUMEN column', () => {
    const withNumen = [`${PEOPLE_HEADER};numen`, ...PEOPLE.slice(1).map((row) => `${row};02G0512345ABC`)];
    const report = run(write('people.csv', lines(withNumen)));
    expect(figures(report)).toEqual({ added: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(services.directory.person('jean-pierre.dupont@ac-test.fr')).toMatchObject({ affectations: [COLLEGE, ECOLE], discipline: 'histoire-géographie' });
    expect(services.directory.gestionnaireOf('charlotte.habotte@ac-test.fr')?.nom).toBe('Benali');
    expect(services.directory.structurePage(ECOLE)?.staff.map((p) => p.prenom).sort()).toEqual(['Charlotte', 'Jean-Pierre']);
    expect(snapshot()).not.toContain('02G0512345ABC');
  });

  it('changes nothing on a second import of the same file', () => {
    const file = write('people.csv', lines(PEOPLE));
    run(file);
    const before = snapshot();
    expect(figures(run(file))).toEqual({ added: 0, updated: 0, unchanged: 3, rejected: [] });
    expect(snapshot()).toBe(before);
  });

  it('rejects bad addresses, unknown affectations and duplicates with their lines', () => {
    const rows = [
      PEOPLE_HEADER,
      PEOPLE[1]!, // 2
      `Sans;Arobase;sans.arobase.ac-test.fr;;;;;;`, // 3
      `Martin;Jean;jean.martin@ac-test.fr;;;;${uaiWithCheckLetter('0139998')};;`, // 4
      `Martin;Jean;jean.martin2@ac-test.fr;;;;0131234A;;`, // 5
      `Martin;Jean;jean.martin3@ac-test.fr;;;;;;pas-une-adresse`, // 6
      `Habotte;Charlotte;Charlotte.Habotte@ac-test.fr;;;;;;`, // 7: same address, other case
      `;Sans-Nom;sans.nom@ac-test.fr;;;;;;`, // 8
      `Court;Jean;jean.court@ac-test.fr`, // 9
    ];
    const report = run(write('bad-people.csv', lines(rows)));
    expect(report.added).toBe(1);
    expect(report.rejected).toEqual([
      { line: 3, reason: 'adresse « sans.arobase.ac-test.fr » mal formée (attendu : prenom.nom@domaine)' },
      { line: 4, reason: `affectation ${uaiWithCheckLetter('0139998')} inconnue de l’annuaire (importez d’abord les structures)` },
      { line: 5, reason: 'affectation : lettre de contrôle de l’UAI 0131234A fausse : 0131234W attendu' },
      { line: 6, reason: 'adresse du gestionnaire « pas-une-adresse » mal formée (attendu : prenom.nom@domaine)' },
      { line: 7, reason: 'adresse charlotte.habotte@ac-test.fr en double : déjà ligne 2' },
      { line: 8, reason: 'nom manquant' },
      { line: 9, reason: 'ligne incomplète : 3 colonnes au lieu de 9 (séparateur « ; »)' },
    ]);
  });

  it('reads a file larger than its read chunks as UTF-8, accents cut across chunks included, with the right lines', () => {
    // About 1.6 MiB of « é » (2 bytes each): some fall across the 1 MiB chunk boundary.
    const rows = [PEOPLE_HEADER, ...Array.from({ length: 8000 }, (_, i) => `Nom${i};${'é'.repeat(100)};p${i}.nom@ac-test.fr;;;;;;`), 'Mauvais;Jean;jean@;;;;;;'];
    const report = run(write('big.csv', lines(rows)));
    expect(report.encoding).toBe('utf-8');
    expect(report.added).toBe(8000);
    expect(report.rejected).toEqual([{ line: 8002, reason: expect.stringContaining('mal formée') }]);
    expect(services.directory.person('p7999.nom@ac-test.fr')?.prenom).toBe('é'.repeat(100));
  });

  it('reports progress up to the number of rows', () => {
    const many = [PEOPLE_HEADER, ...Array.from({ length: 2500 }, (_, i) => `Nom${i};Prénom;p${i}.nom@ac-test.fr;;;;${ECOLE};;`)];
    const seen: Array<[number, number]> = [];
    run(write('many.csv', lines(many)), { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
  });
});

describe('the optional decharge column', () => {
  it('reads a director’s full discharge, counts it out of the école’s teachers, and refuses what it cannot read', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    const header = `${PEOPLE_HEADER};decharge`;
    const report = run(
      write(
        'people.csv',
        lines([
          header,
          `Lefèvre;Marc;marc.lefevre@ac-test.fr;directeur d'école;;;${ECOLE};directeur;;totale`,
          `Habotté;Charlotte;charlotte.habotte@ac-test.fr;professeure des écoles;;;${ECOLE};enseignant;;`,
          `Girard;Émilie;emilie.girard@ac-test.fr;professeure des écoles;;;${ECOLE};directeur;;1/4`,
          `Moreau;Lucie;lucie.moreau@ac-test.fr;professeure des écoles;;;${ECOLE};enseignant;;beaucoup`,
        ]),
      ),
    );
    expect(report.added).toBe(3);
    expect(report.rejected).toEqual([{ line: 5, reason: expect.stringContaining('décharge « beaucoup »') }]);
    expect(services.directory.person('marc.lefevre@ac-test.fr')?.dechargeTotale).toBe(true);
    expect(services.directory.person('emilie.girard@ac-test.fr')?.dechargeTotale).toBe(false);
    expect(services.directory.teachingHeadcounts([ECOLE, COLLEGE])).toEqual(new Map([[ECOLE, 2], [COLLEGE, 0]]));
  });
});

describe('--dry-run and --prune', () => {
  it('reports the same figures on a dry run and writes nothing', () => {
    const file = write('structures.csv', lines([...STRUCTURES, '0131234A;ecole;X;;;;;;;']));
    const before = snapshot();
    const dry = run(file, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(snapshot()).toBe(before);
    expect(services.directory.search('jaures').hits).toEqual([]);
    const real = run(file);
    expect(figures(dry)).toEqual(figures(real));
    expect(real.added).toBe(4);
  });

  it('gives the search indexes their ordinary write buffer back after an import, dry or not', () => {
    const buffers = () =>
      ['directory_people_search', 'directory_structures_search'].map(
        (index) => services.db.prepare(`SELECT v FROM ${index}_config WHERE k = 'hashsize'`).pluck().get() ?? 'default',
      );
    run(write('structures.csv', lines(STRUCTURES)));
    run(write('people.csv', lines(PEOPLE)), { dryRun: true });
    expect(buffers().every((v) => v === 'default' || v === 1024 * 1024)).toBe(true);
  });

  it('keeps rows absent from the file unless --prune is given, and then removes them', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    run(write('people.csv', lines(PEOPLE)));
    const fewer = write('fewer.csv', lines(PEOPLE.slice(0, 3)));
    expect(run(fewer).removed).toBe(0);
    expect(services.directory.person('jean-pierre.dupont@ac-test.fr')).not.toBeNull();
    const dry = run(fewer, { prune: true, dryRun: true });
    expect(dry.removed).toBe(1);
    expect(services.directory.person('jean-pierre.dupont@ac-test.fr')).not.toBeNull();
    expect(run(fewer, { prune: true }).removed).toBe(1);
    expect(services.directory.person('jean-pierre.dupont@ac-test.fr')).toBeNull();
    expect(services.directory.search('dupont').hits).toEqual([]);
  });

  it('never removes the entry of a person who has a mailbox here', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    services.accounts.create({ prenom: 'Jean-Pierre', nom: 'Dupont', numen: '02E9989012HJK' });
    run(write('people.csv', lines(PEOPLE)));
    run(write('fewer.csv', lines(PEOPLE.slice(0, 3))), { prune: true });
    expect(services.directory.person('jean-pierre.dupont@ac-test.fr')?.mailbox).toBe('active');
  });

  it('does not prune a row the file names but rejected', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    const typo = STRUCTURES.map((row) => row.replace(';college;', ';colège;'));
    const report = run(write('typo.csv', lines(typo)), { prune: true });
    expect(report.rejected).toHaveLength(1);
    expect(report.removed).toBe(0);
    expect(services.directory.structure(COLLEGE)).not.toBeNull();
  });

  it('prunes structures absent from a full import', () => {
    run(write('structures.csv', lines(STRUCTURES)));
    const report = run(write('fewer.csv', lines(STRUCTURES.filter((row) => !row.startsWith(COLLEGE)))), { prune: true });
    expect(report).toMatchObject({ removed: 1, unchanged: 3 });
    expect(services.directory.structure(COLLEGE)).toBeNull();
  });
});
