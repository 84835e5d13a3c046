/**
 * A folder's message list with its bulk actions. The table sits inside one form: each action is
 * a submit button (`name=action`), the checkboxes are `uid` fields, so everything works without
 * JavaScript; htmx only boosts the form and loads « plus » rows in place.
 */
import type { Folder } from '../../mail-client/folders.js';
import { isDisposalFolder } from '../../mail-client/folders.js';
import type { MessagePage } from '../../mail-client/message-list.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField } from '../form-fields.js';
import { plural } from '../format.js';
import { liveNewPoller } from '../fragments/live-new.js';
import { messageRows, type RowsContext } from '../fragments/message-rows.js';
import { mailboxActionUrl, mailboxUrl, type SortKey, type SortOrder } from '../urls.js';

export interface MailboxPageInput {
  folder: Folder;
  folders: readonly Folder[];
  page: MessagePage;
  sort: SortKey;
  order: SortOrder;
  csrfToken: string;
  /** Under the list (the inbox, the signed-in user's home page): « Destinataires fréquents ». */
  footer?: SafeHtml | '';
}

const SORT_LABELS: Record<SortKey, string> = { date: 'date', from: 'expéditeur', subject: 'objet', size: 'taille' };

export function showsRecipients(folder: Pick<Folder, 'specialUse'>): boolean {
  return folder.specialUse === '\\Sent' || folder.specialUse === '\\Drafts';
}

function sortHeader(input: MailboxPageInput, key: SortKey, label: string, className = ''): SafeHtml {
  const active = input.sort === key;
  const defaultOrder: SortOrder = key === 'date' ? 'desc' : 'asc';
  const nextOrder: SortOrder = active ? (input.order === 'asc' ? 'desc' : 'asc') : defaultOrder;
  const ariaSort = active ? (input.order === 'asc' ? 'ascending' : 'descending') : null;
  return html`<th scope="col"${className ? html` class="${className}"` : ''}${ariaSort ? html` aria-sort="${ariaSort}"` : ''}><a href="${mailboxUrl(input.folder.path, { sort: key, order: nextOrder })}">${label}${active ? (input.order === 'asc' ? ' ▲' : ' ▼') : ''}</a></th>`;
}

/**
 * « Déplacer vers » with its list and button, wrapped as one (app-css.ts, .toolbar__group). The
 * list starts on no folder: a click on « Déplacer » before choosing is refused with a message
 * (message-routes.ts), instead of sending the mail to whichever folder came first.
 */
export function moveControl(folders: readonly Folder[], exclude: string | null): SafeHtml {
  const options = folders
    .filter((f) => f.selectable && f.path !== exclude)
    .map((f) => html`<option value="${f.path}">${'\u00a0\u00a0'.repeat(Math.min(f.depth, 3))}${f.label}</option>`);
  return html`<span class="toolbar__group">
    <label for="move-target">Déplacer vers</label>
    <select id="move-target" name="target"><option value="">Choisir un dossier…</option>${options}</select>
    <button type="submit" name="action" value="move">Déplacer</button>
  </span>`;
}

/** The selection's actions; `folder` is null for search results, which span folders. */
export function bulkToolbar(folder: Folder | null, folders: readonly Folder[]): SafeHtml {
  return html`<div class="toolbar bulk-actions" role="group" aria-label="Actions sur les messages sélectionnés" data-bulk-actions>
  <input type="checkbox" id="select-all" data-select-all hidden><label for="select-all" hidden>Tout sélectionner</label>
  <button type="submit" name="action" value="read">Marquer comme lu</button>
  <button type="submit" name="action" value="unread">Marquer comme non lu</button>
  <button type="submit" name="action" value="flag">Suivre</button>
  <button type="submit" name="action" value="unflag">Ne plus suivre</button>
  ${moveControl(folders, folder?.path ?? null)}
  <button type="submit" name="action" value="delete" class="btn--danger">${folder?.specialUse === '\\Trash' ? 'Supprimer définitivement' : 'Supprimer'}</button>
</div>`;
}

export function mailboxPage(input: MailboxPageInput): SafeHtml {
  const { folder, page } = input;
  const ctx: RowsContext = { path: folder.path, showRecipients: showsRecipients(folder) };
  const more = { path: folder.path, page: page.page, pageCount: page.pageCount, sort: input.sort, order: input.order };
  const live = input.sort === 'date' && input.order === 'desc' && page.page === 1;
  return html`<h1>${folder.label}</h1>
<p>${plural(page.total, 'message', 'messages')}${folder.unseen > 0 ? html`, ${plural(folder.unseen, 'non lu', 'non lus')}` : ''}.</p>
<div class="toolbar">
  <form method="get" action="/search" role="search">
    <input type="hidden" name="folder" value="${folder.path}">
    <label for="quick-search" class="sr-only">Rechercher dans ${folder.label}</label>
    <input type="search" id="quick-search" name="q" placeholder="Rechercher dans ce dossier">
    <button type="submit">Rechercher</button>
  </form>
  <form method="post" action="${mailboxActionUrl(folder.path, 'read-all')}">${csrfField(input.csrfToken)}<button type="submit">Tout marquer comme lu</button></form>
  ${
    isDisposalFolder(folder)
      ? html`<form method="post" action="${mailboxActionUrl(folder.path, 'empty')}" hx-confirm="Vider définitivement le dossier ${folder.label} ?">${csrfField(input.csrfToken)}<button type="submit" class="btn--danger">Vider ${folder.label}</button></form>`
      : ''
  }
</div>
<form id="bulk" method="post" action="${mailboxActionUrl(folder.path, 'messages/bulk')}">
  ${csrfField(input.csrfToken)}
  <input type="hidden" name="back" value="${mailboxUrl(folder.path, { page: page.page, sort: input.sort, order: input.order })}">
  ${page.total > 0 ? bulkToolbar(folder, input.folders) : ''}
  <div class="table-scroll"><table class="messages">
    <caption class="sr-only">Messages de ${folder.label}, page ${page.page} sur ${page.pageCount}, triés par ${SORT_LABELS[input.sort]}</caption>
    <thead><tr>
      <th scope="col"><span class="sr-only">Sélection</span></th>
      <th scope="col"><span class="sr-only">Suivi</span></th>
      ${sortHeader(input, 'from', showsRecipients(folder) ? 'À' : 'De')}
      ${sortHeader(input, 'subject', 'Objet')}
      <th scope="col" class="col-icons"><span class="sr-only">Indicateurs</span></th>
      ${sortHeader(input, 'date', 'Date', 'num')}
      ${sortHeader(input, 'size', 'Taille', 'num col-size')}
    </tr></thead>
    <tbody id="message-rows">${page.total === 0 ? html`<tr><td colspan="7" class="empty">Ce dossier est vide.</td></tr>` : messageRows(page.messages, ctx, more)}</tbody>
  </table></div>
</form>
<nav class="pager" aria-label="Pages">
  <span>Page ${page.page} sur ${page.pageCount}</span>
  <span>${page.page > 1 ? html`<a href="${mailboxUrl(folder.path, { page: page.page - 1, sort: input.sort, order: input.order })}">Page précédente</a>` : ''}
  ${page.page < page.pageCount ? html` <a href="${mailboxUrl(folder.path, { page: page.page + 1, sort: input.sort, order: input.order })}">Page suivante</a>` : ''}</span>
</nav>
${input.footer ?? ''}
${live ? liveNewPoller(folder.path, page.lastUid) : ''}`;
}
