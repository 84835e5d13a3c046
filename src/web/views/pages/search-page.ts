/**
 * « Rechercher »: the form (GET, so results have a URL) and the results across folders, which
 * can be selected and acted on together as in a folder's list.
 */
import type { Folder } from '../../mail-client/folders.js';
import type { SearchCriteria, SearchResult } from '../../mail-client/search.js';
import { MAX_SEARCH_RESULTS } from '../../mail-client/search.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField, field } from '../form-fields.js';
import { plural } from '../format.js';
import { messageRow } from '../fragments/message-rows.js';
import { bulkToolbar } from './mailbox-page.js';

export interface SearchPageInput {
  folders: readonly Folder[];
  criteria: SearchCriteria;
  csrfToken: string;
  /** This search's own URL: where the selection's actions come back to. */
  back: string;
  /** Null before the first search. */
  results: { results: SearchResult[]; truncated: boolean } | null;
}

function folderSelect(folders: readonly Folder[], selected: string | null): SafeHtml {
  return html`<div class="field"><label for="f-folder">Dossier</label>
<select id="f-folder" name="folder"><option value="*"${selected === null ? html` selected` : ''}>Tous les dossiers</option>${folders
    .filter((f) => f.selectable)
    .map((f) => html`<option value="${f.path}"${f.path === selected ? html` selected` : ''}>${f.label}</option>`)}</select></div>`;
}

function checkbox(name: string, label: string, checked: boolean): SafeHtml {
  return html`<div class="field checkbox"><input type="checkbox" id="f-${name}" name="${name}" value="1"${checked ? html` checked` : ''}><label for="f-${name}">${label}</label></div>`;
}

export function searchPage(input: SearchPageInput): SafeHtml {
  const c = input.criteria;
  const labelOf = (path: string) => input.folders.find((f) => f.path === path)?.label ?? path;
  return html`<h1>Rechercher</h1>
<form method="get" action="/search" role="search" class="form-card">
  ${field({ name: 'q', label: 'Texte (objet, adresses et contenu)', type: 'search', value: c.text })}
  ${field({ name: 'from', label: 'De', value: c.from })}
  ${field({ name: 'to', label: 'À', value: c.to })}
  ${field({ name: 'subject', label: 'Objet', value: c.subject })}
  ${field({ name: 'since', label: 'Reçu à partir du', type: 'date', value: c.since })}
  ${field({ name: 'before', label: 'Reçu avant le', type: 'date', value: c.before })}
  ${folderSelect(input.folders, c.folder)}
  ${checkbox('attachment', 'Avec pièce jointe', c.attachment)}
  ${checkbox('unread', 'Non lus seulement', c.unread)}
  <p><button type="submit" class="btn--primary">Rechercher</button></p>
</form>
${
  input.results === null
    ? ''
    : html`<h2 id="results-title">Résultats</h2>
<p role="status">${plural(input.results.results.length, 'message trouvé', 'messages trouvés')}${
        input.results.truncated ? html` (les ${MAX_SEARCH_RESULTS} plus récents : précisez votre recherche)` : ''
      }.</p>
${
  input.results.results.length > 0
    ? html`<form method="post" action="/search/messages/bulk">
  ${csrfField(input.csrfToken)}
  <input type="hidden" name="back" value="${input.back}">
  ${bulkToolbar(null, input.folders)}
  <div class="table-scroll"><table class="messages" aria-labelledby="results-title">
  <thead><tr><th scope="col"><span class="sr-only">Sélection</span></th><th scope="col"><span class="sr-only">Suivi</span></th><th scope="col">De</th><th scope="col">Objet</th><th scope="col" class="col-icons"><span class="sr-only">Indicateurs</span></th><th scope="col" class="num">Date</th><th scope="col" class="num col-size">Taille</th></tr></thead>
  <tbody>${input.results.results.map((r) => messageRow(r, { path: r.folder, showRecipients: false, showFolder: true, folderLabel: labelOf }))}</tbody>
</table></div>
</form>`
    : ''
}`
}`;
}
