/**
 * « Libérer de l'espace »: where the 50 Mo went (size per folder, largest messages across
 * folders), and the ways to free it: empty Corbeille/Indésirables, delete a large message for
 * good, delete messages older than a date in a folder, each after downloading what to keep
 * (one message as .eml, a whole folder as mbox).
 */
import type { Folder } from '../../mail-client/folders.js';
import { isDisposalFolder } from '../../mail-client/folders.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import type { QuotaView } from '../../quota-view.js';
import { csrfField, errorSummary } from '../form-fields.js';
import { formatListDate, formatSize, plural } from '../format.js';
import { mailboxActionUrl, messageActionUrl, messageUrl } from '../urls.js';

export interface FolderUsage {
  folder: Folder;
  bytes: number;
  messages: number;
}

export interface LargeMessage {
  folder: Folder;
  uid: number;
  subject: string;
  from: string;
  size: number;
  date: Date | null;
}

export interface SpacePageInput {
  quota: QuotaView;
  usage: FolderUsage[];
  largest: LargeMessage[];
  folders: readonly Folder[];
  csrfToken: string;
  error?: string | null;
}

function usageRow(row: FolderUsage, csrfToken: string): SafeHtml {
  const { folder } = row;
  return html`<tr>
  <th scope="row">${folder.label}</th>
  <td class="num">${plural(row.messages, 'message', 'messages')}</td>
  <td class="num">${formatSize(row.bytes)}</td>
  <td><div class="toolbar">${
    row.messages > 0
      ? html`<a class="btn" href="${mailboxActionUrl(folder.path, 'mbox')}" hx-boost="false" download>Télécharger (mbox)<span class="sr-only"> ${folder.label}</span></a>`
      : ''
  }${
    isDisposalFolder(folder) && row.messages > 0
      ? html`<form method="post" action="${mailboxActionUrl(folder.path, 'empty')}" hx-confirm="Vider définitivement ${folder.label} ?">${csrfField(csrfToken)}<input type="hidden" name="back" value="/space"><button type="submit" class="btn--danger">Vider ${folder.label}</button></form>`
      : ''
  }</div></td>
</tr>`;
}

function largeRow(message: LargeMessage, csrfToken: string): SafeHtml {
  return html`<tr>
  <td class="num">${formatSize(message.size)}</td>
  <td><a href="${messageUrl(message.folder.path, message.uid)}">${message.subject || '(sans objet)'}</a><br><small>${message.from} · ${message.folder.label} · ${formatListDate(message.date)}</small></td>
  <td><div class="toolbar">
    <a class="btn" href="${messageActionUrl(message.folder.path, message.uid, 'source')}" hx-boost="false" download>Télécharger<span class="sr-only"> ${message.subject}</span></a>
    <form method="post" action="${messageActionUrl(message.folder.path, message.uid, 'expunge')}" hx-confirm="Supprimer définitivement ce message ?">${csrfField(csrfToken)}<input type="hidden" name="back" value="/space">
      <button type="submit" class="btn--danger">Supprimer définitivement<span class="sr-only"> ${message.subject}</span></button></form>
  </div></td>
</tr>`;
}

export function spacePage(input: SpacePageInput): SafeHtml {
  const { quota } = input;
  return html`<h1>Libérer de l’espace</h1>
${errorSummary(input.error)}
<p>Vous utilisez <strong>${quota.label}</strong> (${quota.percent.toLocaleString('fr-FR')} %). Tous les dossiers comptent, corbeille comprise.
${quota.level === 'full' ? html`<strong>Votre boîte est pleine : les nouveaux messages sont refusés.</strong>` : ''}</p>
<p>La corbeille et les indésirables sont vidés automatiquement des messages de plus de 30 jours.</p>

<h2>Espace par dossier</h2>
<div class="table-scroll"><table>
  <caption class="sr-only">Taille de chaque dossier</caption>
  <thead><tr><th scope="col">Dossier</th><th scope="col" class="num">Messages</th><th scope="col" class="num">Taille</th><th scope="col">Actions</th></tr></thead>
  <tbody>${input.usage.map((row) => usageRow(row, input.csrfToken))}</tbody>
</table></div>

<h2>Les messages les plus volumineux</h2>
${
  input.largest.length === 0
    ? html`<p class="empty">Aucun message.</p>`
    : html`<div class="table-scroll"><table>
  <caption class="sr-only">Messages classés par taille décroissante</caption>
  <thead><tr><th scope="col" class="num">Taille</th><th scope="col">Message</th><th scope="col">Actions</th></tr></thead>
  <tbody>${input.largest.map((m) => largeRow(m, input.csrfToken))}</tbody>
</table></div>`
}

<h2>Supprimer les anciens messages d’un dossier</h2>
<form method="post" action="/space/delete-older" class="form-card">
  ${csrfField(input.csrfToken)}
  <div class="field"><label for="older-folder">Dossier</label>
    <select id="older-folder" name="folder">${input.folders.filter((f) => f.selectable).map((f) => html`<option value="${f.path}">${f.label}</option>`)}</select></div>
  <div class="field"><label for="older-date">Messages reçus avant le</label><input type="date" id="older-date" name="before" required></div>
  <div class="field checkbox"><input type="checkbox" id="older-confirm" name="confirm" value="1" required>
    <label for="older-confirm">Je comprends que ces messages seront supprimés définitivement (pensez à télécharger le dossier avant).</label></div>
  <p><button type="submit" class="btn--danger">Supprimer les messages</button></p>
</form>`;
}
