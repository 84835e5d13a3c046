/**
 * I-Prof's home (`/iprof`), in the seed's wording: the six sections with their descriptions,
 * the personal address form (« Pour recevoir des informations, saisissez votre mél
 * personnel »), and the archiving notice of « Votre courrier ».
 */
import { html, type SafeHtml } from '../mail-render/index.js';
import { csrfField, errorSummary } from '../views/form-fields.js';
import { GESTION_COURRIER_URL, GESTION_URL, PERSONAL_ADDRESS_URL, SECTIONS } from './portal-urls.js';

export interface HomeInput {
  csrfToken: string;
  academie: string;
  personalAddress: string | null;
  archiveAfterDays: number;
  error?: string | null;
  /** What was typed, when refused. */
  typed?: string;
  /** A gestionnaire's (or an admin's) side: how many agents the annuaire gives them, how many courriers wait. */
  gestion?: { agents: number; toHandle: number; isAdmin: boolean } | null;
}

export function homePage(input: HomeInput): SafeHtml {
  const error = input.error ?? null;
  return html`<h1>Bienvenue dans I-Prof</h1>
<p class="iprof-academie">Académie : ${input.academie}</p>
<p>I-Prof vous permet de façon sécurisée de consulter votre dossier administratif, de compléter votre curriculum vitae, de vous informer sur vos perspectives de carrière, d’accéder à des guides pour gérer votre carrière et de contacter par messagerie votre correspondant de gestion.</p>
<ul class="iprof-home-sections">${SECTIONS.map(({ href, label, description }) =>
    html`<li><a href="${href}">${label}</a> <span aria-hidden="true">➤</span> <span>${description}</span></li>`)}</ul>
${input.gestion ? gestionSection(input.gestion) : ''}
<section class="iprof-personal" aria-labelledby="iprof-personal-title">
  <h2 id="iprof-personal-title">Votre mél personnel</h2>
  ${errorSummary(error)}
  <form method="post" action="${PERSONAL_ADDRESS_URL}">
    ${csrfField(input.csrfToken)}
    <div class="field${error ? ' field--error' : ''}">
      <label for="f-personal">Pour recevoir des informations, saisissez votre mél personnel :</label>
      <span class="hint" id="f-personal-hint">Facultatif. I-Prof vous y prévient qu’un courrier vous attend, sans en donner le contenu. Laissez vide pour ne plus rien y recevoir.</span>
      <input id="f-personal" name="address" type="email" autocomplete="email" value="${input.typed ?? input.personalAddress ?? ''}" aria-describedby="f-personal-hint"${error ? html` aria-invalid="true"` : ''}>
    </div>
    <button type="submit" class="btn">Valider</button>
  </form>
</section>
<p class="iprof-notice"><strong>À savoir :</strong> les messages de « Votre courrier » de plus ${archiveText(input.archiveAfterDays)} sont rangés dans « Archives », que vous retrouvez dans la rubrique « Votre courrier », à droite de « Envoyés ».</p>
<p>En cas de perte de mot de passe ou d’identifiant, <a href="/password/forgot">vous pouvez le réinitialiser avec votre NUMEN</a>. Identifiant : la première lettre du prénom et le nom complet, suivi éventuellement d’un chiffre (ex. : Charlotte Habotté → chabotte) ; mot de passe : votre NUMEN, ou celui que vous avez choisi.</p>`;
}

function gestionSection(g: { agents: number; toHandle: number; isAdmin: boolean }): SafeHtml {
  return html`<section class="iprof-gestion" aria-labelledby="iprof-gestion-title">
  <h2 id="iprof-gestion-title">Espace gestionnaire</h2>
  <ul>
    ${g.agents > 0 ? html`<li><a href="${GESTION_COURRIER_URL}">Courrier de vos agents</a> : ${g.toHandle === 0 ? 'aucun courrier à traiter' : `${g.toHandle} courrier${g.toHandle > 1 ? 's' : ''} à traiter`}</li>` : ''}
    <li><a href="${GESTION_URL}">${g.agents > 0 ? `Dossiers de vos ${g.agents} agent${g.agents > 1 ? 's' : ''}` : 'Dossiers des agents'}</a>${g.isAdmin ? ' (administrateur : tout dossier, par identifiant)' : ''}</li>
  </ul>
</section>`;
}

/** « d’un an », « de 2 ans », « de 90 jours »: the archiving age after « de plus ». */
export function archiveText(days: number): string {
  return days % 365 === 0 ? (days === 365 ? 'd’un an' : `de ${days / 365} ans`) : `de ${days} jours`;
}

/** What private-sector teachers see instead of I-Prof, as the seed says it. */
export function iprofessionnelPage(url: string): SafeHtml {
  return html`<h1>I-Prof est destiné aux enseignants du public</h1>
<div class="banner banner--info" role="note"><p><strong>Message aux enseignants du privé sous contrat :</strong> vous devez utiliser l’application I-Professionnel (I-Prof étant destiné aux enseignants du public).</p></div>
<p>Vous trouverez l’application I-Professionnel à l’adresse suivante : <a href="${url}">I-Professionnel</a>.</p>
<p>Votre messagerie académique reste la même : <a href="/mailboxes/INBOX">retour à la messagerie</a>.</p>`;
}
