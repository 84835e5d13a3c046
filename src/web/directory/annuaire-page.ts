/**
 * « Annuaire »: one search field and its filters in a plain GET form (results have a URL and
 * work without JavaScript), and the results region under it. htmx enhances the field into an
 * active search: each pause in typing (300 ms) asks for the results fragment only, swaps it
 * into `#annuaire-results` (an aria-live region) and puts the search's URL in the address bar.
 */
import type { QuickRecipient, SearchAnswer, Structure } from '../../directory/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { field } from '../views/form-fields.js';
import { plural } from '../views/format.js';
import type { AnnuaireQuery } from './annuaire-query.js';
import { cardList, hitCard, type CardLookups } from './directory-cards.js';
import { ANNUAIRE_URL } from './directory-urls.js';
import { quickRecipientLinks } from './quick-recipients-view.js';

export const RESULTS_ID = 'annuaire-results';

export interface AnnuaireResults {
  query: AnnuaireQuery;
  /** Null when nothing was asked. */
  answer: SearchAnswer | null;
  lookups: CardLookups;
  quickRecipients: readonly QuickRecipient[];
}

export interface AnnuairePageInput extends AnnuaireResults {
  circonscriptions: readonly Structure[];
}

function radios(name: string, legend: string, options: ReadonlyArray<[string, string]>, selected: string): SafeHtml {
  return html`<fieldset class="field annuaire-choice"><legend>${legend}</legend>${options.map(
    ([value, label]) =>
      html`<span class="annuaire-choice__item"><input type="radio" id="annuaire-${name}-${value || 'all'}" name="${name}" value="${value}"${value === selected ? html` checked` : ''}><label for="annuaire-${name}-${value || 'all'}">${label}</label></span>`,
  )}</fieldset>`;
}

function circonscriptionSelect(list: readonly Structure[], selected: string | null): SafeHtml {
  return html`<div class="field"><label for="annuaire-circonscription">Circonscription</label>
<select id="annuaire-circonscription" name="circonscription"><option value="">Toutes</option>${list.map(
    (c) => html`<option value="${c.uai}"${c.uai === selected ? html` selected` : ''}>${c.nom} (${c.uai})</option>`,
  )}</select></div>`;
}

function help(quick: readonly QuickRecipient[]): SafeHtml {
  return html`<div class="annuaire-help">
  <p>Cherchez un collègue, une école, un établissement ou un service de l’académie : nom, prénom, fonction, commune, nom d’école ou UAI, dans l’ordre que vous voulez et sans vous soucier des accents.</p>
  <p>Exemples : « ecole jean jaures marseille », « 0131234w », « ien marseille 5 ».</p>
</div>
${quickRecipientLinks(quick)}`;
}

/** The results region's content: what the htmx search swaps in. */
export function annuaireResults(input: AnnuaireResults): SafeHtml {
  const { answer, query } = input;
  if (!answer) return help(input.quickRecipients);
  const hits = answer.hits;
  if (hits.length === 0) {
    return html`<p class="annuaire-status">${query.q ? `Aucun résultat pour « ${query.q} ».` : 'Aucun résultat pour ces critères.'}</p>`;
  }
  return html`<h2 class="annuaire-status" id="annuaire-results-title">${plural(hits.length, 'résultat', 'résultats')}</h2>
${answer.broad ? html`<p class="banner banner--info annuaire-broad">Plus de résultats que la page n'en montre : précisez votre recherche.</p>` : ''}
${cardList(hits.map((hit) => hitCard(hit, input.lookups)), 'Résultats de l’annuaire')}`;
}

export function annuairePage(input: AnnuairePageInput): SafeHtml {
  const { query } = input;
  // The field asks for the fragment; the filters go with it (hx-include). A change of filter
  // waits for « Rechercher » (a boosted GET of the whole form), as without JavaScript.
  const active = html` hx-get="${ANNUAIRE_URL}" hx-trigger="input changed delay:300ms, search" hx-target="#${RESULTS_ID}" hx-swap="innerHTML" hx-include="closest form" hx-push-url="true" hx-sync="this:replace"`;
  return html`<h1>Annuaire</h1>
<form method="get" action="${ANNUAIRE_URL}" role="search" class="annuaire-form" aria-label="Annuaire">
  ${field({ name: 'q', id: 'annuaire-q', label: "Rechercher dans l'annuaire", type: 'search', value: query.q, hint: 'Nom, prénom, fonction, école, commune ou UAI.', autocomplete: 'off', attrs: html` spellcheck="false"${active}` })}
  <details class="annuaire-filters"${query.kind || query.fonction || query.commune || query.circonscription || query.degre ? html` open` : ''}>
    <summary>Filtres</summary>
    ${radios('kind', 'Afficher', [['', 'Tout'], ['person', 'Personnes'], ['structure', 'Structures']], query.kind ?? '')}
    ${field({ name: 'fonction', id: 'annuaire-fonction', label: 'Fonction', value: query.fonction, hint: 'Personnes seulement : « directeur », « gestionnaire »…' })}
    ${field({ name: 'commune', id: 'annuaire-commune', label: 'Commune', value: query.commune })}
    ${circonscriptionSelect(input.circonscriptions, query.circonscription)}
    ${radios('degre', 'Degré', [['', 'Tous'], ['1d', '1er degré'], ['2d', '2nd degré']], query.degre ?? '')}
  </details>
  <p><button type="submit" class="btn--primary">Rechercher</button></p>
</form>
<section id="${RESULTS_ID}" class="annuaire-results" aria-live="polite" aria-label="Résultats de la recherche">
${annuaireResults(input)}
</section>`;
}
