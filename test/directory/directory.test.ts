import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { Directory, PersonRecord, StructureRecord } from '../../src/directory/index.js';
import { RANK_LIMIT, uaiWithCheckLetter } from '../../src/directory/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let directory: Directory;

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
  directory = services.directory;
});
afterEach(() => {
  services.db.close();
  temp.cleanup();
});

const CIRCO = uaiWithCheckLetter('0133001');
const ECOLE = uaiWithCheckLetter('0131234');
const COLLEGE = uaiWithCheckLetter('0132345');
const DSDEN = uaiWithCheckLetter('0130000');

function structure(s: Partial<StructureRecord> & Pick<StructureRecord, 'uai' | 'type' | 'nom'>): StructureRecord {
  return { commune: 'Marseille', codePostal: '13005', degre: null, secteur: 'public', circonscription: null, zone: 'B', semaine: null, ...s };
}
function person(p: Partial<PersonRecord> & Pick<PersonRecord, 'nom' | 'prenom' | 'address'>): PersonRecord {
  return { fonction: '', corps: '', discipline: '', role: 'enseignant', affectations: [], gestionnaire: null, ...p };
}

function seed(): void {
  const w = directory.writer;
  w.transaction(() => {
    w.upsertStructure(structure({ uai: DSDEN, type: 'dsden', nom: 'DSDEN des Bouches-du-Rhône', codePostal: '13006' }));
    w.upsertStructure(structure({ uai: CIRCO, type: 'circonscription', nom: 'Marseille 5 – Saint-Just', degre: '1d' }));
    w.upsertStructure(structure({ uai: ECOLE, type: 'ecole_elementaire', nom: 'Jean Jaurès', degre: '1d', circonscription: CIRCO, semaine: '4j' }));
    w.upsertStructure(structure({ uai: COLLEGE, type: 'college', nom: 'Édouard Manet', commune: 'Aubagne', codePostal: '13400', degre: '2d' }));
    w.upsertPerson(person({ nom: 'Martin-Durand', prenom: 'Sophie', address: 'sophie.martin-durand@ac-test.fr', role: 'ien', fonction: "inspectrice de l'éducation nationale", affectations: [CIRCO] }));
    w.upsertPerson(person({ nom: 'Lefèvre', prenom: 'Marc', address: 'marc.lefevre@ac-test.fr', role: 'directeur', fonction: "directeur d'école", affectations: [ECOLE] }));
    w.upsertPerson(person({ nom: 'Benali', prenom: 'Nadia', address: 'nadia.benali@ac-test.fr', role: 'gestionnaire', fonction: 'gestionnaire, bureau du 1er degré', affectations: [DSDEN] }));
    w.upsertPerson(person({ nom: 'Habotté', prenom: 'Charlotte', address: 'charlotte.habotte@ac-test.fr', fonction: 'professeure des écoles', affectations: [ECOLE], gestionnaire: 'nadia.benali@ac-test.fr' }));
    w.upsertPerson(person({ nom: 'Dupont', prenom: 'Jean-Pierre', address: 'jean-pierre.dupont@ac-test.fr', fonction: "professeur agrégé d'histoire-géographie", discipline: 'histoire-géographie', affectations: [COLLEGE] }));
  });
}

const names = (input: string, filters = {}) => directory.search(input, filters).hits.map((h) => (h.kind === 'person' ? `${h.prenom} ${h.nom}` : h.nom));

describe('searching the annuaire', () => {
  beforeEach(seed);

  it('finds people by the start of any word, accents, case and word order ignored', () => {
    expect(names('charl hab')).toEqual(['Charlotte Habotté']);
    expect(names('HABOTTE charlotte')).toEqual(['Charlotte Habotté']);
    expect(names('lefevre')).toEqual(['Marc Lefèvre']);
    expect(names('jean-pi')).toEqual(['Jean-Pierre Dupont']);
    expect(names('histoire geo')).toEqual(['Jean-Pierre Dupont']);
    // An apostrophe joins or splits: « directeur d'école », « decole » and « ecole » all find him.
    expect(names("directeur d'ecole")).toEqual(['Marc Lefèvre']);
    expect(names('directeur ecole')).toEqual(['Marc Lefèvre']);
    directory.writer.transaction(() => directory.writer.upsertPerson(person({ nom: "N'Diaye", prenom: 'Hélène', address: 'helene.ndiaye@ac-test.fr' })));
    for (const query of ["n'diaye", 'ndiaye', 'diaye helene', 'N’DIAYE']) expect(names(query)).toEqual(['Hélène N\'Diaye']);
    // « le », « la », « en »… are read only with other words, and still rank: the Le Gall first.
    directory.writer.transaction(() => {
      directory.writer.upsertPerson(person({ nom: 'Gall', prenom: 'Yann', address: 'yann.gall@ac-test.fr' }));
      directory.writer.upsertPerson(person({ nom: 'Le Gall', prenom: 'Anne-Sophie', address: 'anne-sophie.le-gall@ac-test.fr' }));
    });
    expect(names('le gall')).toEqual(['Anne-Sophie Le Gall', 'Yann Gall']);
  });

  it('finds a school by its type, name and commune, before the people who work there', () => {
    expect(names('ecole jean jaures marseille')[0]).toBe('Jean Jaurès');
    expect(names('college manet')[0]).toBe('Édouard Manet');
    expect(names('aubagne')).toContain('Jean-Pierre Dupont');
  });

  it('finds a structure by its UAI in any case', () => {
    // The school first, then the people it is the affectation of.
    expect(names(ECOLE.toLowerCase())).toEqual(['Jean Jaurès', 'Charlotte Habotté', 'Marc Lefèvre']);
    expect(directory.search(ECOLE).hits[0]).toMatchObject({ kind: 'structure', uai: ECOLE, adresse: `ce.${ECOLE.toLowerCase()}@ac-test.fr`, fonction: 'École élémentaire' });
  });

  it('answers « ien marseille 5 » with the circonscription and its IEN', () => {
    const found = names('ien marseille 5');
    expect(found.slice(0, 2).sort()).toEqual(['Marseille 5 – Saint-Just', 'Sophie Martin-Durand'].sort());
  });

  it('gives each hit the fields the CLI prints', () => {
    const [hit] = directory.search('habotte').hits;
    expect(hit).toEqual({
      kind: 'person',
      nom: 'Habotté',
      prenom: 'Charlotte',
      adresse: 'charlotte.habotte@ac-test.fr',
      fonction: 'professeure des écoles',
      uai: ECOLE,
      structure: 'Jean Jaurès',
      commune: 'Marseille',
    });
  });

  it('filters by kind, fonction, commune, circonscription and degré', () => {
    expect(names('marseille', { kind: 'structure' })).not.toContain('Charlotte Habotté');
    expect(names('marseille', { kind: 'person' }).every((n) => !n.includes('Jaurès'))).toBe(true);
    expect(names('', { fonction: 'directeur' })).toEqual(['Marc Lefèvre']);
    expect(names('', { commune: 'aubagne' })).toEqual(['Édouard Manet', 'Jean-Pierre Dupont']);
    expect(names('', { circonscription: CIRCO.toLowerCase() }).sort()).toEqual(
      ['Charlotte Habotté', 'Jean Jaurès', 'Marc Lefèvre', 'Marseille 5 – Saint-Just', 'Sophie Martin-Durand'].sort(),
    );
    expect(names('', { degre: '2d' })).toEqual(['Édouard Manet', 'Jean-Pierre Dupont']);
    expect(names('', { circonscription: '0000000X' })).toEqual([]);
  });

  it('treats FTS5 syntax and any character as plain text', () => {
    for (const hostile of ['"', 'NOT', 'a OR b', 'nom:x', '*', '(', 'NEAR(a b)', '^x', '-', '\u0000', '{nom}: x', 'x'.repeat(100_000), '🙂 é']) {
      expect(() => directory.search(hostile)).not.toThrow();
    }
    expect(directory.search('   ').hits).toEqual([]);
    expect(names('"habotte"')).toEqual(['Charlotte Habotté']);
  });

  it('shows nothing of a disabled mailbox, and never a NUMEN, login or birth date', () => {
    const account = services.accounts.create({ prenom: 'Émilie', nom: 'Girard', numen: testNumen(), birthDate: '1992-12-05' });
    expect(names('girard')).toEqual(['Émilie Girard']);
    const row = JSON.stringify(services.db.prepare(`SELECT * FROM directory_people WHERE address = ?`).get(account.address));
    expect(row).not.toContain(account.login === 'egirard' ? '"egirard"' : account.login);
    expect(row).not.toContain('1992');
    services.accounts.disable(account.id);
    expect(names('girard')).toEqual([]);
    services.accounts.enable(account.id);
    expect(names('girard')).toEqual(['Émilie Girard']);
  });
});

describe('ranking', () => {
  it('puts people named like the query before people whose school or fonction contains it', () => {
    const w = directory.writer;
    w.transaction(() => {
      w.upsertStructure(structure({ uai: ECOLE, type: 'ecole_primaire', nom: 'Martin Luther King' }));
      for (let i = 0; i < 15; i++) w.upsertPerson(person({ nom: 'Martin', prenom: `Prénom${i}`, address: `p${i}.martin@ac-test.fr` }));
      w.upsertPerson(person({ nom: 'Roux', prenom: 'Paul', address: 'paul.roux@ac-test.fr', fonction: 'martin-pêcheur', affectations: [ECOLE] }));
    });
    const found = directory.search('martin', {}, 20).hits;
    expect(found).toHaveLength(17);
    expect(found.slice(0, 16).every((h) => h.nom === 'Martin' || h.nom === 'Martin Luther King')).toBe(true);
    expect(found.at(-1)?.nom).toBe('Roux');
  });

  it('answers a query broader than it can rank alphabetically, bounded, and says so', () => {
    const w = directory.writer;
    w.transaction(() => {
      for (let i = 0; i < RANK_LIMIT + 50; i++) w.upsertPerson(person({ nom: `Moreau${String(i).padStart(5, '0')}`, prenom: 'Anne', address: `a${i}.moreau@ac-test.fr` }));
    });
    const answer = directory.search('m', {}, 5);
    expect(answer.broad).toBe(true);
    expect(answer.hits.map((h) => h.nom)).toEqual(['Moreau00000', 'Moreau00001', 'Moreau00002', 'Moreau00003', 'Moreau00004']);
    expect(directory.search('anne mor', {}, 3).hits).toHaveLength(3);
    // Two letters go through the index: ranked from its first RANK_LIMIT matches, and broad too.
    expect(directory.search('mo', {}, 3).broad).toBe(true);
    expect(directory.search('moreau00001', {}, 3).broad).toBe(false);
  });
});

describe('keeping the index in step', () => {
  beforeEach(seed);

  it('finds people by their school’s new commune after it changes, and by the new name of their circonscription', () => {
    const w = directory.writer;
    w.transaction(() => w.upsertStructure(structure({ uai: ECOLE, type: 'ecole_elementaire', nom: 'Jean Jaurès', commune: 'Allauch', degre: '1d', circonscription: CIRCO })));
    expect(names('allauch', { kind: 'person' }).sort()).toEqual(['Charlotte Habotté', 'Marc Lefèvre']);
    w.transaction(() => w.upsertStructure(structure({ uai: CIRCO, type: 'circonscription', nom: 'Marseille 5 – Les Olives', degre: '1d' })));
    expect(names('ien olives', { kind: 'person' })).toEqual(['Sophie Martin-Durand']);
  });

  it('finds a school by its name, not the hundred people who work there', () => {
    expect(names('jaures', { kind: 'person' })).toEqual([]);
    expect(names('jaures')).toEqual(['Jean Jaurès']);
  });

  it('finds a circonscription by its new IEN', () => {
    directory.writer.transaction(() =>
      directory.writer.upsertPerson(person({ nom: 'Roussel', prenom: 'Yves', address: 'yves.roussel@ac-test.fr', role: 'ien', affectations: [CIRCO] })),
    );
    expect(names('roussel', { kind: 'structure' })).toEqual(['Marseille 5 – Saint-Just']);
  });

  it('says whether an upsert added, updated or changed nothing', () => {
    const w = directory.writer;
    const dupont = person({ nom: 'Dupont', prenom: 'Jean-Pierre', address: 'jean-pierre.dupont@ac-test.fr', fonction: "professeur agrégé d'histoire-géographie", discipline: 'histoire-géographie', affectations: [COLLEGE] });
    expect(w.transaction(() => w.upsertPerson(dupont))).toBe('unchanged');
    expect(w.transaction(() => w.upsertPerson({ ...dupont, affectations: [COLLEGE, ECOLE] }))).toBe('updated');
    expect(w.transaction(() => w.upsertPerson({ ...dupont, address: 'jp.dupont@ac-test.fr' }))).toBe('added');
  });

  it('rolls the whole transaction back when it fails, index included', () => {
    const w = directory.writer;
    expect(() =>
      w.transaction(() => {
        w.upsertPerson(person({ nom: 'Fantôme', prenom: 'Ana', address: 'ana.fantome@ac-test.fr' }));
        throw new Error('interrompu');
      }),
    ).toThrow('interrompu');
    expect(names('fantome')).toEqual([]);
    expect(directory.person('ana.fantome@ac-test.fr')).toBeNull();
  });
});

describe('accounts in the annuaire', () => {
  it('gives every new account an entry, and keeps the référentiel’s values over the account’s', () => {
    seed();
    const account = services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen: testNumen(), fonction: 'autre chose', address: 'charlotte.habotte@ac-test.fr' });
    expect(account.address).toBe('charlotte.habotte@ac-test.fr');
    expect(directory.person(account.address)).toMatchObject({ fonction: 'professeure des écoles', mailbox: 'active', affectations: [ECOLE] });
    const other = services.accounts.create({ prenom: 'Léa', nom: 'Nouvelle', numen: testNumen(), fonction: 'professeure des écoles', uai: ECOLE });
    expect(directory.person(other.address)).toMatchObject({ nom: 'Nouvelle', fonction: 'professeure des écoles', mailbox: 'active', affectations: [ECOLE] });
  });

  it('lists at startup the accounts a database made before the référentiel had', () => {
    const account = services.accounts.create({ prenom: 'Ancien', nom: 'Compte', numen: testNumen() });
    services.db.prepare(`DELETE FROM directory_people`).run();
    services.db.close();
    services = createServices(testConfig(temp.dir), silentLogger);
    directory = services.directory;
    expect(directory.person(account.address)).toMatchObject({ nom: 'Compte', mailbox: 'active' });
  });
});

describe('links and quick recipients', () => {
  beforeEach(() => {
    seed();
    // A directeur académique at the DSDEN, and a mailbox for everyone but him: a recipient
    // is offered only when the message would reach someone.
    const w = directory.writer;
    w.transaction(() => w.upsertPerson(person({ nom: 'Olivier', prenom: 'Bernard', address: 'bernard.olivier@ac-test.fr', role: 'directeur', affectations: [DSDEN] })));
    for (const [prenom, nom] of [['Sophie', 'Martin-Durand'], ['Marc', 'Lefèvre'], ['Nadia', 'Benali'], ['Charlotte', 'Habotté'], ['Jean-Pierre', 'Dupont']] as const) {
      services.accounts.create({ prenom, nom, numen: testNumen() });
    }
  });

  it('knows the IEN of a circonscription, the director of an école and a person’s gestionnaire', () => {
    expect(directory.ienOf(CIRCO).map((p) => p.nom)).toEqual(['Martin-Durand']);
    expect(directory.directorsOf(ECOLE.toLowerCase()).map((p) => p.nom)).toEqual(['Lefèvre']);
    expect(directory.gestionnaireOf('charlotte.habotte@ac-test.fr')?.nom).toBe('Benali');
  });

  it('offers Mon IEN, Ma circonscription, the DSDEN and Mon gestionnaire from the affectation', () => {
    services.accounts.create({ prenom: 'Bernard', nom: 'Olivier', numen: testNumen() });
    expect(directory.quickRecipients('Charlotte.Habotte@ac-test.fr')).toEqual([
      { label: 'Mon IEN', name: 'Sophie Martin-Durand', address: 'sophie.martin-durand@ac-test.fr' },
      { label: 'Ma circonscription', name: 'Circonscription Marseille 5 – Saint-Just', address: `ce.${CIRCO.toLowerCase()}@ac-test.fr` },
      { label: 'Direction académique (DSDEN)', name: 'DSDEN des Bouches-du-Rhône', address: `ce.${DSDEN.toLowerCase()}@ac-test.fr` },
      { label: 'Mon gestionnaire', name: 'Nadia Benali', address: 'nadia.benali@ac-test.fr' },
    ]);
  });

  it('offers only recipients the message would reach', () => {
    // The DSDEN's address reaches its directeur académique once he has a mailbox here.
    expect(directory.quickRecipients('charlotte.habotte@ac-test.fr').map((q) => q.label)).not.toContain('Direction académique (DSDEN)');
    expect(directory.receivesMailAt(`ce.${DSDEN.toLowerCase()}@ac-test.fr`)).toBe(false);
    expect(directory.receivesMailAt('bernard.olivier@ac-test.fr')).toBe(false);
    services.accounts.create({ prenom: 'Bernard', nom: 'Olivier', numen: testNumen() });
    expect(directory.receivesMailAt(`CE.${DSDEN}@ac-test.fr`)).toBe(true);
    expect(directory.quickRecipients('charlotte.habotte@ac-test.fr').map((q) => q.label)).toContain('Direction académique (DSDEN)');
    expect(directory.receivesMailAt('quelqu.un@ac-nice.fr')).toBe(true);
  });

  it('leaves out what the directory does not know', () => {
    services.accounts.create({ prenom: 'Bernard', nom: 'Olivier', numen: testNumen() });
    expect(directory.quickRecipients('jean-pierre.dupont@ac-test.fr').map((q) => q.label)).toEqual(['Direction académique (DSDEN)']);
    expect(directory.quickRecipients('sophie.martin-durand@ac-test.fr').map((q) => q.label)).toEqual(['Ma circonscription', 'Direction académique (DSDEN)']);
    expect(directory.quickRecipients('inconnu@ac-test.fr')).toEqual([]);
  });

  it('describes a circonscription’s page: its écoles, its IEN, its staff', () => {
    const page = directory.structurePage(CIRCO.toLowerCase())!;
    expect(page.structure).toMatchObject({ uai: CIRCO, typeLabel: 'Circonscription', departement: '013', address: `ce.${CIRCO.toLowerCase()}@ac-test.fr` });
    expect(page.ecoles.map((s) => s.nom)).toEqual(['Jean Jaurès']);
    expect(page.ien.map((p) => p.nom)).toEqual(['Martin-Durand']);
    const ecole = directory.structurePage(ECOLE)!;
    expect(ecole.circonscription?.nom).toBe('Marseille 5 – Saint-Just');
    expect(ecole.staff.map((p) => p.nom)).toEqual(['Habotté', 'Lefèvre']);
    expect(ecole.staffCount).toBe(2);
    expect(directory.structurePage('0131234X')).toBeNull();
  });

  it('lists the circonscriptions by name, for the annuaire’s filter', () => {
    const aubagne = uaiWithCheckLetter('0133002');
    directory.writer.transaction(() => directory.writer.upsertStructure(structure({ uai: aubagne, type: 'circonscription', nom: 'Aubagne', commune: 'Aubagne', degre: '1d' })));
    expect(directory.circonscriptions().map((c) => [c.uai, c.nom, c.typeLabel])).toEqual([
      [aubagne, 'Aubagne', 'Circonscription'],
      [CIRCO, 'Marseille 5 – Saint-Just', 'Circonscription'],
    ]);
  });
});
