/** « Aide »: what I-Prof is, how to sign in, where each thing is (the seed's explanations). */
import type { IprofSettings } from '../../config.js';
import { formatSize } from '../views/format.js';
import { html, type SafeHtml } from '../mail-render/index.js';

export function aidePage(settings: IprofSettings): SafeHtml {
  return html`<h1>Aide</h1>
<h2>Qu’est-ce qu’I-Prof ?</h2>
<p>I-Prof est votre assistant carrière. Il vous permet de façon sécurisée de consulter votre dossier administratif, de compléter votre curriculum vitae, de vous informer sur vos perspectives de carrière, d’accéder à des guides pour gérer votre carrière et de contacter par messagerie votre correspondant de gestion.</p>
<h2>Se connecter</h2>
<p>Le compte utilisateur et le mot de passe sont les mêmes que pour la messagerie académique : une seule connexion ouvre les deux, et l’en-tête permet de passer de « Messagerie » à « I-Prof ». « Quitter » ferme cette connexion pour les deux.</p>
<p>Compte utilisateur : la première lettre du prénom et le nom complet, suivi éventuellement d’un chiffre (ex. : Charlotte Habotté → chabotte). Mot de passe : votre NUMEN, ou celui que vous avez choisi. En cas d’oubli, <a href="/password/forgot">réinitialisez-le avec votre NUMEN</a>.</p>
<h2>Votre courrier ou votre messagerie académique ?</h2>
<p>« Votre courrier » sert uniquement à contacter votre correspondant de gestion : le seul destinataire possible est votre gestionnaire. Les pièces jointes sont limitées à ${formatSize(settings.attachmentBytes)} en tout. Ces messages ne comptent pas dans les 50 Mo de votre messagerie académique ; un court avis y arrive quand un courrier vous attend. Après ${settings.archiveAfterDays} jours, ils sont rangés dans « Archives ».</p>
<p>Pour écrire à votre IEN, à la direction académique ou à tout autre personnel, utilisez votre <a href="/mailboxes/INBOX">messagerie académique</a> et son annuaire.</p>
<h2>Enseignants du privé sous contrat</h2>
<p>I-Prof est destiné aux enseignants du public : les maîtres du privé sous contrat utilisent I-Professionnel.</p>`;
}
