/**
 * The folder list with unread counts (`#live-folders`). It refreshes itself every 30 s through
 * htmx (its id starts with `live-`, so the poll does not count as the reader's activity) and the
 * answer also refreshes the quota meter out of band. Links keep stable ids so htmx gives focus
 * back to the same link after a swap.
 */
import type { Folder } from '../../mail-client/folders.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { shortId } from '../short-id.js';
import { mailboxUrl, queryString } from '../urls.js';

/** How often the folder counts refresh themselves (and the quota meter with them). */
export const FOLDER_POLL_SECONDS = 30;

function linkId(path: string): string {
  return `folder-${shortId(path)}`;
}

function folderItem(folder: Folder, current: string | null): SafeHtml {
  const label = folder.unseen > 0 ? `${folder.label}, ${folder.unseen} non lu${folder.unseen > 1 ? 's' : ''}` : folder.label;
  const inner = html`<span>${folder.label}</span>${folder.unseen > 0 ? html`<span class="count" aria-hidden="true">${folder.unseen}</span>` : ''}`;
  return html`<li class="depth-${Math.min(folder.depth, 3)}${folder.unseen > 0 ? ' unread' : ''}">${
    folder.selectable
      ? html`<a id="${linkId(folder.path)}" href="${mailboxUrl(folder.path)}" aria-label="${label}"${folder.path === current ? html` aria-current="page"` : ''}>${inner}</a>`
      : html`<span>${folder.label}</span>`
  }</li>`;
}

export function folderList(folders: readonly Folder[], current: string | null): SafeHtml {
  return html`<nav id="live-folders" class="folders" aria-label="Dossiers"
  hx-get="/mailboxes${queryString({ current })}" hx-trigger="every ${FOLDER_POLL_SECONDS}s" hx-swap="outerHTML">
  <a class="btn btn--primary compose-link" id="compose-link" href="/compose" data-shortcut="compose" aria-keyshortcuts="c">Écrire un message</a>
  <details open><summary>Dossiers</summary>
  <ul>${folders.map((folder) => folderItem(folder, current))}</ul>
  <a class="manage" href="/mailboxes">Gérer les dossiers</a>
  <a class="manage" href="/search">Rechercher</a>
  </details>
</nav>`;
}
