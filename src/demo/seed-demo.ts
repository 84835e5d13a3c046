/**
 * The demo académie created on a new data folder (WEBMEL_DEMO, on by default): an annuaire
 * of the Bouches-du-Rhône (data/annuaire-demo/, fictional people), then the accounts of a
 * circonscription with its IEN, a school with its director and teachers, a collège, a
 * gestionnaire, an admin, and a few welcome messages. Its NUMENs are fixed and public: they
 * are demo passwords, which is why production sets WEBMEL_DEMO=0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Account, NewAccount } from '../accounts/account-store.js';
import { csvBytes, importDirectory } from '../directory/index.js';
import { seedBulletins } from './seed-bulletins.js';
import { seedCourrier, type DemoCourrier } from './seed-courrier.js';
import { seedIprof, type DemoIprof } from './seed-iprof.js';
import { seedPortal } from './seed-portal.js';
import { seedStrikes, type DemoStrikes } from './seed-strikes.js';
import type { Services } from '../services.js';
import { prepareMessage } from '../store/prepare-message.js';
import { composeSystemMessage } from '../mime/compose-system-message.js';
import { webmailLink } from '../mime/webmail-link.js';

const ECOLE = '0131234W'; // école élémentaire (UAI with its check letter)
const COLLEGE = '0132345D';
const CIRCONSCRIPTION = 'Marseille 5 – Saint-Just';

export const DEMO_ACCOUNTS: ReadonlyArray<NewAccount> = [
  { prenom: 'Charlotte', nom: 'Habotté', numen: '02G0512345ABC', birthDate: '1985-04-12', role: 'enseignant', degree: '1d', fonction: 'professeure des écoles', uai: ECOLE, circonscription: CIRCONSCRIPTION },
  { prenom: 'Christophe', nom: 'Habotte', numen: '02E0923456BCD', birthDate: '1979-11-03', role: 'enseignant', degree: '2d', fonction: 'professeur certifié de mathématiques', uai: COLLEGE },
  { prenom: 'Marc', nom: 'Lefèvre', numen: '02G0034567CDE', birthDate: '1972-06-21', role: 'directeur', degree: '1d', fonction: "directeur d'école", uai: ECOLE, circonscription: CIRCONSCRIPTION },
  { prenom: 'Sophie', nom: 'Martin-Durand', numen: '02A0145678DEF', birthDate: '1970-02-14', role: 'ien', degree: '1d', fonction: "inspectrice de l'éducation nationale", circonscription: CIRCONSCRIPTION },
  { prenom: 'Nadia', nom: 'Benali', numen: '02A1156789EFG', birthDate: '1988-09-30', role: 'gestionnaire', fonction: 'gestionnaire DSDEN 13, bureau du 1er degré' },
  { prenom: 'Martine', nom: 'Castagnet', numen: '02A0790123MNP', birthDate: '1966-10-02', role: 'directeur', fonction: 'directrice académique des services de l’éducation nationale (DSDEN 13)', uai: '0131000S' },
  { prenom: 'Paul', nom: 'Roux', numen: '02A0867890FGH', birthDate: '1981-01-08', role: 'admin', fonction: 'administrateur de la messagerie' },
  { prenom: 'Émilie', nom: 'Girard', numen: '02G1378901GHJ', birthDate: '1992-12-05', role: 'enseignant', degree: '1d', fonction: 'professeure des écoles', uai: ECOLE, circonscription: CIRCONSCRIPTION },
  { prenom: 'Jean-Pierre', nom: 'Dupont', numen: '02E9989012HJK', birthDate: '1968-03-17', role: 'enseignant', degree: '2d', fonction: "professeur agrégé d'histoire-géographie", uai: COLLEGE },
  { prenom: 'Anne-Sophie', nom: 'Le Gall', numen: '02E1090123JKL', birthDate: '1990-07-22', role: 'enseignant', degree: '2d', fonction: 'professeure de lettres modernes', uai: COLLEGE },
  { prenom: 'Hélène', nom: "N'Diaye", numen: '02P1501234KLM', birthDate: '1993-05-11', role: 'enseignant', degree: '1d', sector: 'prive', fonction: 'professeure des écoles (privé sous contrat)' },
  { prenom: 'Syndicat', nom: 'Démo-Éducation', numen: '02S1612345NPR', role: 'syndicat', fonction: 'organisation syndicale de démonstration (fictive)' },
];

/** The domain of the demo CSVs' addresses; the seed writes the configured one instead. */
const DEMO_CSV_DOMAIN = 'ac-aix-marseille.fr';

export interface DemoSeed {
  credentials: DemoCredential[];
  /** What the demo annuaire holds, or null when its files are missing (a package without data/). */
  annuaire: { structures: number; people: number } | null;
  /** The example school holidays and the demo préavis, or null without the annuaire. */
  strikes: DemoStrikes | null;
  /** I-Prof's demo courrier (themes, exchanges), or null without the annuaire (no gestionnaire). */
  courrier: DemoCourrier | null;
  /** I-Prof's demo dossiers, CV and campaign (seed-iprof.ts). */
  iprof: DemoIprof;
}

/**
 * data/annuaire-demo/ at the root of the checkout, found from this module (src/demo/ under
 * the tests, dist/src/demo/ under `npm start`), not from the working directory.
 */
export function demoAnnuaireDir(): string | null {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'data', 'annuaire-demo');
    if (fs.existsSync(path.join(candidate, 'structures.csv'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Structures, then people (their affectations must exist), before any account: each account then joins its entry. */
function seedAnnuaire(services: Services): DemoSeed['annuaire'] {
  const dir = demoAnnuaireDir();
  if (!dir) {
    services.log.warn('data/annuaire-demo/ not found: the demo académie has no annuaire');
    return null;
  }
  const counts = { structures: 0, people: 0 };
  for (const [file, kind] of [['structures.csv', 'structures'], ['personnes.csv', 'people']] as const) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8').replaceAll(`@${DEMO_CSV_DOMAIN}`, `@${services.config.domain}`);
    const report = importDirectory(services.directory, csvBytes(Buffer.from(text, 'utf8'), file));
    if (report.rejected.length > 0) services.log.warn({ file, rejected: report.rejected }, 'demo annuaire rows rejected');
    counts[kind] = report.added;
  }
  return counts;
}

export interface DemoCredential {
  login: string;
  password: string;
  role: string;
  name: string;
}

function welcome(services: Services, to: Account, from: { name: string; address: string }, subject: string, body: string): void {
  const raw = composeSystemMessage({ hostname: services.config.hostname, from, to: to.address, subject, parts: [{ contentType: 'text/plain', body }] });
  services.store.deliver(prepareMessage(raw), [{ accountId: to.id, limitBytes: 0, bypassQuota: true }]);
}

export async function seedDemo(services: Services): Promise<DemoSeed> {
  const annuaire = seedAnnuaire(services);
  const created = DEMO_ACCOUNTS.map((input) => services.accounts.create(input));
  const rectorat = { name: 'Rectorat – Messagerie académique', address: `ne-pas-repondre@${services.config.domain}` };
  for (const account of created) {
    welcome(
      services,
      account,
      rectorat,
      'Bienvenue dans votre messagerie académique',
      `Bonjour ${account.prenom} ${account.nom},\n\n` +
        `Votre adresse académique est ${account.address}. Votre identifiant est « ${account.login} », ` +
        `le même que pour I-Prof ; votre mot de passe initial est votre NUMEN. Choisissez-en un autre ` +
        `dès votre première connexion, sur le webmail :\n${webmailLink(services.config.publicUrl, '/login')}\n\n` +
        `Cette adresse est la seule que lisent votre IEN et la Direction académique. Elle vous permet ` +
        `d'écrire à tout personnel de l'Éducation nationale grâce à l'annuaire, de déclarer votre ` +
        `intention de grève, de recevoir les messages du ministère et de voter aux élections ` +
        `professionnelles.\n\nVotre boîte est limitée à 50 Mo : pensez à la vider régulièrement.\n`,
    );
  }
  const [charlotte, , director, ien] = created;
  if (charlotte && ien) {
    welcome(
      services,
      charlotte,
      { name: `${ien.prenom} ${ien.nom}`, address: ien.address },
      'Animation pédagogique du 9 décembre',
      `Bonjour,\n\nL'animation pédagogique « Enseigner la lecture au CP » aura lieu le mercredi ` +
        `9 décembre de 9 h à 12 h à l'école ${ECOLE}.\n\nBien cordialement,\n\n${ien.prenom} ${ien.nom}\n` +
        `IEN de la circonscription ${CIRCONSCRIPTION}\n`,
    );
  }
  const credentials = created.map((account, index) => ({
    login: account.login,
    password: DEMO_ACCOUNTS[index]!.numen,
    role: account.role,
    name: `${account.prenom} ${account.nom}`,
  }));
  const union = created.find((account) => account.role === 'syndicat');
  if (annuaire && union) seedBulletins(services, union.login);
  const strikes = annuaire ? seedStrikes(services, ECOLE) : null;
  seedPortal(services);
  const courrier = annuaire && charlotte ? await seedCourrier(services, charlotte, director) : null;
  return { credentials, annuaire, strikes, courrier, iprof: seedIprof(services) };
}
