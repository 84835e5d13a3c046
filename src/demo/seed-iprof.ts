/**
 * I-Prof in the demo académie: the demo teachers' dossiers (kept by the demo gestionnaire,
 * Nadia Benali, for those the annuaire gives her), a first version of Charlotte Habotté's CV,
 * and one promotion campaign open now, each labelled as a demonstration. Échelon dates are
 * set from today, so that « Vos perspectives » always shows a next échelon to come; one
 * teacher is at the last échelon and one in a grade without a grid, to show those answers.
 * Idempotent: what already exists is left alone.
 */
import { addDays, parisDay } from '../calendar/index.js';
import { cvContent, type DossierInput } from '../portal/index.js';
import type { Services } from '../services.js';

const DEMO = 'démo';
const CAMPAIGN_TITLE = 'Hors-classe des professeurs des écoles (campagne de démonstration, fictive)';

interface DemoDossier {
  /** Found by name, as DEMO_ACCOUNTS writes it (homonyms make the logins). */
  name: string;
  corps: string;
  grade: string;
  echelon: number;
  /** Years before the last rentrée the échelon was reached. */
  yearsAgo: number;
  affectations: Array<{ from: string; to: string; uai: string }>;
  conges?: DossierInput['conges'];
}

const DOSSIERS: readonly DemoDossier[] = [
  {
    name: 'Charlotte Habotté',
    corps: 'professeur des écoles',
    grade: 'classe_normale',
    echelon: 6,
    yearsAgo: 1,
    affectations: [
      { from: '2019-09-01', to: '', uai: '0131234W' },
      { from: '2012-09-01', to: '2019-08-31', uai: '0131238A' },
    ],
    conges: [{ kind: 'maternite', from: '2021-01-04', to: '2021-04-25' }],
  },
  { name: 'Émilie Girard', corps: 'professeur des écoles', grade: 'classe_normale', echelon: 3, yearsAgo: 0, affectations: [{ from: '2022-09-01', to: '', uai: '0131234W' }] },
  { name: 'Marc Lefèvre', corps: 'professeur des écoles', grade: 'hors_classe', echelon: 3, yearsAgo: 1, affectations: [{ from: '2010-09-01', to: '', uai: '0131234W' }] },
  { name: 'Christophe Habotte', corps: 'professeur certifié', grade: 'classe_normale', echelon: 8, yearsAgo: 2, affectations: [{ from: '2015-09-01', to: '', uai: '0132345D' }] },
  { name: 'Jean-Pierre Dupont', corps: 'professeur agrégé', grade: 'classe_normale', echelon: 11, yearsAgo: 6, affectations: [{ from: '2001-09-01', to: '', uai: '0132345D' }] },
];

const CHARLOTTE_CV = {
  diplomes: '2011 – Master MEEF premier degré, université d’Aix-Marseille (exemple de démonstration)\n2009 – Licence de lettres modernes',
  formations: '2023 – « Enseigner la lecture au CP », 18 h, circonscription Marseille 5 – Saint-Just\n2021 – Premiers secours en équipe (PSC1)',
  experiences: 'Depuis 2019 – Classe de CP, école élémentaire Jean Jaurès, Marseille\n2012-2019 – Moyenne et grande sections, école maternelle Croix-Rouge, Marseille',
  competences: 'Anglais : niveau B2\nCertification Pix',
  publications: '',
};

export interface DemoIprof {
  dossiers: number;
  cvs: number;
  campaigns: number;
}

export function seedIprof(services: Services): DemoIprof {
  const { portal, accounts, directory } = services;
  const today = parisDay(Date.now());
  // The last rentrée: 1 September of this year once it has come, of the year before until then.
  const year = Number(today.slice(0, 4)) - (today.slice(5) < '09-01' ? 1 : 0);
  const done: DemoIprof = { dossiers: 0, cvs: 0, campaigns: 0 };
  const byName = new Map(accounts.list().map((a) => [`${a.prenom} ${a.nom}`, a]));
  for (const plan of DOSSIERS) {
    const account = byName.get(plan.name);
    if (!account || portal.dossiers.of(account.id)) continue;
    portal.dossiers.save(
      account.id,
      {
        corps: plan.corps,
        grade: plan.grade,
        echelon: String(plan.echelon),
        echelonDate: `${year - plan.yearsAgo}-09-01`,
        position: 'activite',
        affectations: plan.affectations.map((a) => ({ ...a, label: directory.structure(a.uai)?.nom ?? '' })),
        conges: plan.conges ?? [],
      },
      DEMO,
      today,
    );
    done.dossiers++;
  }
  const charlotte = byName.get('Charlotte Habotté');
  if (charlotte && !portal.cvs.latest(charlotte.id)) {
    portal.cvs.save(charlotte.id, 0, cvContent(CHARLOTTE_CV));
    done.cvs++;
  }
  if (!portal.campaigns.list().some((c) => c.title === CAMPAIGN_TITLE)) {
    portal.campaigns.add({ title: CAMPAIGN_TITLE, corps: 'professeur des écoles', opens: addDays(today, -7), closes: addDays(today, 30), url: '' });
    done.campaigns++;
  }
  return done;
}
