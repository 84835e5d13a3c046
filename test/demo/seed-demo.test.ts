import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { demoAnnuaireDir, seedDemo, seedIprof, type DemoSeed } from '../../src/demo/index.js';
import { outlookOf } from '../../src/portal/index.js';
import { csvFile, importDirectory } from '../../src/directory/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import '../helpers/webmel.js'; // cheap scrypt for tests

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let seed: DemoSeed;

beforeEach(async () => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir, { domain: 'ac-test.fr' }), silentLogger);
  seed = await seedDemo(services);
});
afterEach(() => {
  services.db.close();
  temp.cleanup();
});

describe('the demo annuaire', () => {
  it('imports the Bouches-du-Rhône sample before the accounts, every row accepted', () => {
    expect(seed.annuaire).toEqual(services.directory.counts());
    expect(seed.annuaire!.structures).toBeGreaterThan(30);
    expect(seed.annuaire!.people).toBeGreaterThan(80);
    expect(services.directory.structure('0131500K')).toMatchObject({ type: 'rectorat', commune: 'Aix-en-Provence', codePostal: '13100' });
    expect(services.directory.structure('0131000S')).toMatchObject({ type: 'dsden', nom: 'DSDEN des Bouches-du-Rhône', codePostal: '13006' });
    expect(services.directory.structure('0133300S')).toMatchObject({ type: 'circonscription', nom: 'Marseille 5 – Saint-Just', degre: '1d' });
    expect(services.directory.structure('0132345D')).toMatchObject({ nom: 'Collège Louise Michel', degre: '2d', zone: 'B' });
  });

  it('lists Charlotte, Émilie and their director on the page of École élémentaire Jean Jaurès, with their mailboxes', () => {
    const page = services.directory.structurePage('0131234W')!;
    expect(page.structure).toMatchObject({ nom: 'École élémentaire Jean Jaurès', commune: 'Marseille', codePostal: '13013', semaine: '4j', zone: 'B', secteur: 'public' });
    expect(page.circonscription?.uai).toBe('0133300S');
    const staff = new Map(page.staff.map((p) => [p.address, p]));
    expect(staff.get('charlotte.habotte@ac-test.fr')).toMatchObject({ role: 'enseignant', mailbox: 'active' });
    expect(staff.get('emilie.girard@ac-test.fr')).toMatchObject({ role: 'enseignant', mailbox: 'active' });
    expect(services.directory.directorsOf('0131234W').map((p) => p.address)).toEqual(['marc.lefevre@ac-test.fr']);
    expect(services.directory.ienOf('0133300S').map((p) => p.address)).toEqual(['sophie.martin-durand@ac-test.fr']);
  });

  it('gives every demo account its entry, at its affectation', () => {
    const at = (address: string) => services.directory.person(address);
    for (const account of services.accounts.list()) expect(at(account.address)?.mailbox).toBe('active');
    expect(at('nadia.benali@ac-test.fr')?.affectations).toEqual(['0131000S']);
    expect(at('paul.roux@ac-test.fr')).toMatchObject({ role: 'admin', affectations: ['0131500K'] });
    expect(at('anne-sophie.le-gall@ac-test.fr')?.affectations).toEqual(['0132345D']);
    const helene = at('helene.ndiaye@ac-test.fr')!;
    expect(services.directory.structure(helene.affectations[0]!)?.secteur).toBe('prive');
  });

  it('gives Charlotte her quick recipients from her affectation, in the configured domain', () => {
    expect(services.directory.quickRecipients('charlotte.habotte@ac-test.fr').map((r) => [r.label, r.address])).toEqual([
      ['Mon IEN', 'sophie.martin-durand@ac-test.fr'],
      ['Ma circonscription', 'ce.0133300s@ac-test.fr'],
      ['Direction académique (DSDEN)', 'ce.0131000s@ac-test.fr'],
      ['Mon gestionnaire', 'nadia.benali@ac-test.fr'],
    ]);
    const stored = JSON.stringify(services.db.prepare('SELECT address, gestionnaire FROM directory_people').all());
    expect(stored).not.toContain('ac-aix-marseille.fr');
  });

  it('finds its files from the module, whatever the working directory', () => {
    const dir = demoAnnuaireDir()!;
    expect(fs.existsSync(path.join(dir, 'personnes.csv'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'LISEZMOI.md'), 'utf8')).toContain('fictives');
  });

  it('has CSVs that import as they are, and again without any change', () => {
    const dir = demoAnnuaireDir()!;
    for (const file of ['structures.csv', 'personnes.csv']) {
      const report = importDirectory(services.directory, csvFile(path.join(dir, file)));
      expect(report.rejected).toEqual([]);
    }
    // The committed files say @ac-aix-marseille.fr: people at that domain are new here, structures unchanged.
    expect(importDirectory(services.directory, csvFile(path.join(dir, 'structures.csv')))).toMatchObject({ added: 0, updated: 0 });
  });
});

describe('the demo strike declaration', () => {
  it('seeds zone B’s holidays as an example and a préavis the demo teacher can still declare for', () => {
    expect(seed.strikes?.holidays).toBe(6);
    const holidays = services.holidays.list();
    expect(holidays.every((h) => h.zone === 'B' && h.label.includes('à vérifier sur le calendrier officiel'))).toBe(true);
    const [preavis] = services.strikes.preavis.list();
    expect(preavis?.union).toMatch(/démonstration/);
    const teacher = services.accounts.byLoginOrAddress('chabotte')!;
    const eligibility = services.strikes.eligibility(teacher.address);
    if (!eligibility.obliged) throw new Error(eligibility.reason);
    const offered = services.strikes.offeredDays(eligibility.declarant, teacher.id);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((d) => !d.late)).toBe(true);
  });
});

describe('the demo I-Prof courrier', () => {
  it('gives the demo teacher an answered exchange with her gestionnaire, its notice in her INBOX, and the gestionnaire a courrier to handle', () => {
    expect(seed.courrier).toEqual({ themes: 5, courriers: 3 });
    const { courrier } = services.portal;
    const teacher = services.accounts.byLoginOrAddress('chabotte')!;
    const gestionnaire = services.accounts.byLoginOrAddress('nbenali')!;
    const [answer] = courrier.box(teacher, 'recus');
    expect(answer).toMatchObject({ fromAgent: false, gestionnaireId: gestionnaire.id, readAt: null, theme: 'Mutation' });
    expect(answer!.subject).toMatch(/^Re : \[Démonstration\]/);
    const store = services.store;
    const inbox = store.getMailbox(teacher.id, 'INBOX');
    const subjects = store.messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid)).map((m) => m.subject);
    expect(subjects).toContain('I-Prof : un courrier de votre gestionnaire vous attend');
    const toHandle = courrier.queue(gestionnaire, { status: 'a-traiter', theme: null });
    expect(toHandle.items.map((c) => c.subject)).toEqual(['[Démonstration] Changement de situation familiale']);
    expect(services.portal.courrierThemes.list()).toContain('Mutation');
  });
});

describe('the demo I-Prof', () => {
  it('gives the demo teacher a dossier her gestionnaire keeps, a first CV and an open campaign, all labelled as a demo', () => {
    expect(seed.iprof).toEqual({ dossiers: 5, cvs: 1, campaigns: 1 });
    const teacher = services.accounts.byLoginOrAddress('chabotte')!;
    const dossier = services.portal.dossiers.of(teacher.id)!;
    expect(dossier).toMatchObject({ corps: 'professeur des écoles', grade: 'classe_normale', echelon: 6, updatedBy: 'démo' });
    expect(dossier.affectations[0]).toMatchObject({ uai: '0131234W', label: 'École élémentaire Jean Jaurès', to: null });
    expect(services.directory.manages(services.directory.gestionnaireOf(teacher.address)!.address, teacher.address)).toBe(true);
    // The next échelon is always still to come.
    const outlook = outlookOf(services.portal.grids, dossier);
    if (outlook.kind !== 'next') throw new Error(outlook.kind);
    expect(outlook.date > new Date().toISOString().slice(0, 10)).toBe(true);
    expect(services.portal.cvs.latest(teacher.id)!.content.diplomes[0]).toContain('exemple de démonstration');
    const [campaign] = services.portal.campaigns.openOn(new Date().toISOString().slice(0, 10), dossier.corps);
    expect(campaign?.title).toContain('démonstration');
  });

  it('changes nothing when run again', () => {
    expect(seedIprof(services)).toEqual({ dossiers: 0, cvs: 0, campaigns: 0 });
    expect(services.portal.campaigns.list()).toHaveLength(1);
  });
});
