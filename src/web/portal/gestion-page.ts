/**
 * The agent's « Votre dossier » (read-only), and the gestionnaire's side: the list of their
 * agents (`/iprof/gestion`), and one agent's dossier to edit with their CV to read.
 */
import type { Account } from '../../accounts/index.js';
import type { CvVersion, Dossier } from '../../portal/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { cvView } from './cv-page.js';
import { dossierForm, dossierView, type DossierFormInput } from './dossier-view.js';
import { COURRIER_NEW_URL, GESTION_COURRIER_URL, GESTION_URL, gestionAgentUrl } from './portal-urls.js';

export const CHANGE_OF_SITUATION_URL = `${COURRIER_NEW_URL}?objet=${encodeURIComponent('Changement de situation')}`;

export function agentDossierPage(dossier: Dossier | null, gestionnaire: string | null): SafeHtml {
  return html`<h1>Votre dossier</h1>
<p>Votre dossier administratif est tenu par ${gestionnaire ? html`votre gestionnaire, ${gestionnaire}` : 'votre gestionnaire'}. Vous le consultez ici ; pour toute erreur ou tout changement (adresse, situation familiale, congé, affectation…), écrivez-lui.</p>
<p><a class="btn" href="${CHANGE_OF_SITUATION_URL}">Signaler un changement de situation</a></p>
${dossier ? dossierView(dossier) : html`<p class="empty">Votre dossier n’est pas encore renseigné dans I-Prof.</p>`}`;
}

export interface AgentRow {
  name: string;
  fonction: string;
  /** Null: the annuaire lists them, but they have no account here (no dossier to open). */
  login: string | null;
  hasDossier: boolean;
}

export function gestionListPage(input: { agents: readonly AgentRow[]; isAdmin: boolean; typedLogin?: string; error?: string | null }): SafeHtml {
  return html`<h1>Gestion des dossiers</h1>
${input.error ? html`<div class="banner banner--danger" role="alert"><p>${input.error}</p></div>` : ''}
<section aria-labelledby="agents-title">
  <h2 id="agents-title">Vos agents</h2>
  ${input.agents.length > 0 ? html`<p><a href="${GESTION_COURRIER_URL}">Courrier de vos agents</a></p>` : ''}
  ${input.agents.length === 0
    ? html`<p class="empty">L’annuaire ne vous désigne comme gestionnaire d’aucun agent.</p>`
    : html`<div class="table-scroll"><table>
    <caption class="sr-only">Les agents dont vous êtes le gestionnaire, par nom</caption>
    <thead><tr><th scope="col">Agent</th><th scope="col">Fonction</th><th scope="col">Dossier</th></tr></thead>
    <tbody>${input.agents.map((a) => html`<tr>
      <td>${a.login ? html`<a href="${gestionAgentUrl(a.login)}">${a.name}</a>` : a.name}</td>
      <td>${a.fonction}</td>
      <td>${a.login ? (a.hasDossier ? 'renseigné' : 'à renseigner') : 'pas de compte'}</td>
    </tr>`)}</tbody>
  </table></div>`}
</section>
${input.isAdmin ? html`<section aria-labelledby="open-title">
  <h2 id="open-title">Ouvrir le dossier d’un agent</h2>
  <form method="get" action="${GESTION_URL}">
    <div class="field">
      <label for="f-agent">Identifiant de l’agent</label>
      <span class="hint" id="f-agent-hint">Réservé aux administrateurs (ex. : chabotte).</span>
      <input id="f-agent" name="agent" type="text" spellcheck="false" autocomplete="off" value="${input.typedLogin ?? ''}" aria-describedby="f-agent-hint">
    </div>
    <button type="submit" class="btn">Ouvrir</button>
  </form>
</section>` : ''}`;
}

export interface AgentPageInput {
  agent: Account;
  dossier: Dossier | null;
  cv: CvVersion | null;
  form: DossierFormInput;
}

export function gestionAgentPage(input: AgentPageInput): SafeHtml {
  const { agent } = input;
  return html`<h1>Dossier de ${agent.prenom} ${agent.nom}</h1>
<p>${agent.fonction ?? ''}${agent.fonction ? ' – ' : ''}identifiant ${agent.login}. <a href="${GESTION_URL}">Retour à la liste de vos agents</a>.</p>
<section aria-labelledby="current-title">
  <h2 id="current-title">Dossier actuel</h2>
  ${input.dossier ? dossierView(input.dossier, 3) : html`<p class="empty">Ce dossier n’est pas encore renseigné.</p>`}
</section>
<section aria-labelledby="edit-title">
  <h2 id="edit-title">Modifier le dossier</h2>
  ${dossierForm(input.form)}
</section>
<section aria-labelledby="cv-title">
  <h2 id="cv-title">CV de l’agent (lecture seule)</h2>
  <p class="hint">Le CV est rédigé par l’agent seul ; vous le consultez sans pouvoir le modifier.</p>
  ${cvView(input.cv, 3)}
</section>`;
}
