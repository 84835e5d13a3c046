/**
 * « Les services » and « Les guides » in the demo académie (issue 22): SIAM, SIAP and SIAC as
 * shared/domain.md §4.2 describes them, and two guides, all labelled as demonstrations.
 *
 * SIAM's demo address is our own validation endpoint: « Ouvrir » lands on the answer a real
 * SIAM would get for its ticket (who the agent is, without a password or our cookie), and
 * reloading that page shows the ticket refused, since it serves once. SIAP and SIAC have
 * fictitious addresses (.invalid, RFC 2606): their link shows the address and, for SIAP, its
 * ticket, and goes nowhere. Applications and guides are written by code or slug, so seeding
 * twice changes nothing.
 */
import { webmailLink } from '../mime/webmail-link.js';
import type { Services } from '../services.js';

const DEMO = ' (démonstration)';

const MUTATION_GUIDE = `**Guide de démonstration** : le calendrier et les règles ci-dessous sont fictifs. Les vrais
guides sont publiés par l’administration de votre académie.

# Le calendrier

1. Ouverture du serveur SIAM : saisie de vos vœux dans « Les services », rubrique SIAM.
2. Réception de la confirmation de demande dans « Votre courrier » : vérifiez votre barème.
3. Retour de la confirmation signée, avec vos pièces justificatives, à votre gestionnaire.
4. Résultats, annoncés dans « Votre courrier ».

# Le barème

| Élément | Points |
| --- | --- |
| Ancienneté de service (par échelon) | 7 |
| Rapprochement de conjoints | 150,2 |
| Années de séparation | 50 à 400 |

# Une question ?

Écrivez à votre gestionnaire depuis « Votre courrier » : c’est le seul destinataire possible,
et il suit votre dossier.
`;

const RENDEZ_VOUS_GUIDE = `**Guide de démonstration** : les dates et conditions ci-dessous sont données à titre d’exemple.

# Trois rendez-vous

Au cours de sa carrière, l’enseignant a trois rendez-vous de carrière : au 6e échelon, au 8e
échelon, et au 9e échelon pour l’accès à la hors-classe.

# Comment s’y préparer

- Consultez votre dossier dans « Votre Dossier » et signalez tout changement de situation.
- Complétez « Votre CV » : diplômes, formations, expériences.
- La date de votre prochain échelon figure dans « Vos Perspectives ».
`;

export interface DemoPortal {
  apps: string[];
  guides: string[];
}

export function seedPortal(services: Services): DemoPortal {
  const { apps, guides } = services.portal;
  const seeded = [
    apps.set({
      code: 'SIAM',
      name: `SIAM – Système d’information et d’aide pour les mutations${DEMO}`,
      description: 'Vos demandes de mutation : mouvements inter- et intra-académiques, mouvement spécifique. Démonstration : la page qui s’ouvre montre ce que SIAM apprend de vous avec son ticket à usage unique.',
      url: webmailLink(services.config.publicUrl, '/iprof/services/validation', { service: 'SIAM' }),
      sso: true,
    }),
    apps.set({
      code: 'SIAP',
      name: `SIAP – Système d’information et d’aide aux promotions${DEMO}`,
      description: 'Vos demandes de promotion : hors-classe, listes d’aptitude, classe exceptionnelle. Démonstration : adresse fictive.',
      url: 'https://siap.demo.invalid/',
      sso: true,
    }),
    apps.set({
      code: 'SIAC',
      name: `SIAC – Système d’information et d’aide aux concours${DEMO}`,
      description: 'Votre inscription aux concours et examens professionnels. Démonstration : adresse fictive.',
      url: 'https://siac.demo.invalid/',
      sso: false,
    }),
  ];
  const by = 'démonstration';
  const written = [
    guides.set({ theme: 'Mutations', title: `Demander une mutation${DEMO}`, slug: 'demander-une-mutation-demo', markdown: MUTATION_GUIDE }, by),
    guides.set({ theme: 'Carrière et promotions', title: `Le rendez-vous de carrière${DEMO}`, slug: 'rendez-vous-de-carriere-demo', markdown: RENDEZ_VOUS_GUIDE }, by),
  ];
  return { apps: seeded.map((a) => a.code), guides: written.map((g) => g.slug) };
}
