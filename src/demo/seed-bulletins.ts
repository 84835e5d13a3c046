/**
 * Institutional mail in the demo académie: a bulletin from the rectorat to every agent and a
 * union message from a fictional union, both labelled as demonstrations, recorded here and
 * delivered by the server's runner as soon as it starts, so that « Bulletins » has something
 * to show and a union message's footer can be tried (the one-click unsubscribe).
 */
import type { Services } from '../services.js';

const BULLETIN = `# Lettre de démonstration du rectorat

Mesdames et Messieurs, chers collègues,

Ce **bulletin de démonstration** montre comment le rectorat, la DSDEN ou le ministère écrivent
à tous les personnels de l’académie : un seul message, stocké une fois, remis dans chaque boîte.
On ne peut pas se désabonner des messages institutionnels ; ils restent lisibles dans la page
« Bulletins » même après leur suppression de la boîte de réception.

- Élections professionnelles : vote électronique du 3 au 10 décembre 2026.
- Pensez à vider votre boîte aux lettres (50 Mo) pour recevoir les messages de vos collègues.

Le recteur de l’académie (message fictif)
`;

const UNION_MESSAGE = `Chères et chers collègues,

Le Syndicat Démo-Éducation (organisation fictive de la démonstration) vous invite à une
réunion d’information syndicale le mercredi à 14 h, à l’école Jean Jaurès.

Ce message montre la diffusion syndicale : l’objet porte le nom du syndicat, vous ne voyez pas
les autres destinataires, et le lien en bas de message vous désabonne en un clic.

Syndicat Démo-Éducation (fictif)
`;

export interface DemoBulletins {
  bulletin: number;
  union: number | null;
}

export function seedBulletins(services: Services, unionLogin: string): DemoBulletins {
  const bulletin = services.bulletins.publish({
    kind: 'bulletin',
    from: `Rectorat de l’académie (démonstration) <communication@${services.config.domain}>`,
    subject: 'Lettre de démonstration du rectorat à tous les personnels',
    audience: 'all',
    body: { format: 'markdown', source: BULLETIN },
    authorId: null,
  });
  const union = services.accounts.byLoginOrAddress(unionLogin);
  const message = union
    ? services.bulletins.unionSend({ unionId: union.id, subject: 'Réunion d’information syndicale (démonstration)', audience: '1d', body: { format: 'text', source: UNION_MESSAGE } })
    : null;
  return { bulletin: bulletin.id, union: message?.id ?? null };
}
