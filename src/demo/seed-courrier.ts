/**
 * « Votre courrier » in the demo académie: the themes an administration might allow, an
 * exchange between the demo teacher and her gestionnaire (answered, so her INBOX holds the
 * notice), and a courrier of the demo director still to handle in the gestionnaire's queue.
 * Every subject says it is a demonstration.
 */
import type { Account } from '../accounts/account-store.js';
import type { Services } from '../services.js';

const DEMO_THEMES = ['Mutation', 'Promotion et avancement', 'Congés et absences', 'Dossier administratif', 'Rémunération'];
const DAY_MS = 86_400_000;

export interface DemoCourrier {
  themes: number;
  courriers: number;
}

export async function seedCourrier(services: Services, teacher: Account, director: Account | undefined): Promise<DemoCourrier> {
  const { courrier, courrierThemes } = services.portal;
  for (const theme of DEMO_THEMES) courrierThemes.add(theme);
  const gestionnaire = courrier.gestionnaireOf(teacher);
  if (!gestionnaire) return { themes: DEMO_THEMES.length, courriers: 0 };
  const now = Date.now();
  const asked = await courrier.sendToGestionnaire(
    teacher,
    {
      subject: '[Démonstration] Attestation de service pour ma demande de mutation',
      message:
        'Bonjour Madame,\n\nPour compléter ma demande de mutation, pourriez-vous me faire parvenir une attestation de mes services ' +
        'depuis ma titularisation ?\n\nJe vous remercie par avance.\n\nCharlotte Habotté\n(message de démonstration)',
      theme: 'Mutation',
      attachments: [],
    },
    now - 6 * DAY_MS,
  );
  await courrier.reply(
    gestionnaire,
    asked.id,
    {
      message:
        'Bonjour Madame Habotté,\n\nVotre attestation de services est jointe à votre dossier ; vous la recevrez également par voie postale ' +
        'sous quinze jours.\n\nCordialement,\n\nNadia Benali\nDSDEN 13, bureau du 1er degré\n(message de démonstration)',
      attachments: [],
    },
    now - 4 * DAY_MS,
  );
  let courriers = 2;
  if (director && courrier.gestionnaireOf(director)?.id === gestionnaire.id) {
    await courrier.sendToGestionnaire(
      director,
      {
        subject: '[Démonstration] Changement de situation familiale',
        message: 'Bonjour,\n\nJe vous signale mon mariage le 3 octobre ; mon livret de famille suivra par courrier.\n\nMarc Lefèvre\n(message de démonstration)',
        theme: 'Dossier administratif',
        attachments: [],
      },
      now - DAY_MS,
    );
    courriers += 1;
  }
  return { themes: DEMO_THEMES.length, courriers };
}
