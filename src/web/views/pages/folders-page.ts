/** « Gérer les dossiers »: create, rename, delete (INBOX and the special folders stay). */
import type { Folder } from '../../mail-client/folders.js';
import { INBOX } from '../../mail-client/folders.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField, errorSummary } from '../form-fields.js';
import { plural } from '../format.js';
import { mailboxActionUrl, mailboxUrl } from '../urls.js';

export interface FoldersPageInput {
  folders: readonly Folder[];
  csrfToken: string;
  error?: string | null;
}

function isUserFolder(folder: Folder): boolean {
  return folder.path !== INBOX && folder.specialUse === null;
}

function folderRow(folder: Folder, csrfToken: string): SafeHtml {
  const id = `rename-${Buffer.from(folder.path).toString('hex').slice(0, 40)}`;
  return html`<tr>
  <th scope="row">${folder.selectable ? html`<a href="${mailboxUrl(folder.path)}">${folder.path === INBOX ? folder.label : folder.path}</a>` : folder.path}</th>
  <td class="num">${plural(folder.messages, 'message', 'messages')}</td>
  <td class="num">${folder.unseen}</td>
  <td>${
    isUserFolder(folder)
      ? html`<form method="post" action="${mailboxActionUrl(folder.path, 'rename')}" class="toolbar">${csrfField(csrfToken)}
      <label for="${id}" class="sr-only">Nouveau nom pour ${folder.path}</label><input type="text" id="${id}" name="name" value="${folder.path}" required>
      <button type="submit">Renommer</button></form>
      <form method="post" action="${mailboxActionUrl(folder.path, 'delete')}" class="toolbar" hx-confirm="Supprimer le dossier ${folder.path} et tous ses messages ?">${csrfField(csrfToken)}
      <button type="submit" class="btn--danger">Supprimer<span class="sr-only"> ${folder.path}</span></button></form>`
      : html`<span class="hint">Dossier du système</span>`
  }</td>
</tr>`;
}

export function foldersPage(input: FoldersPageInput): SafeHtml {
  return html`<h1>Gérer les dossiers</h1>
${errorSummary(input.error)}
<h2>Nouveau dossier</h2>
<form method="post" action="/mailboxes" class="toolbar">
  ${csrfField(input.csrfToken)}
  <label for="new-folder">Nom du dossier</label>
  <input type="text" id="new-folder" name="name" required aria-describedby="new-folder-hint">
  <button type="submit" class="btn--primary">Créer</button>
  <span class="hint toolbar__line" id="new-folder-hint">Pour un sous-dossier, séparez les niveaux par « / » (ex. : Projets/Sortie scolaire).</span>
</form>
<h2>Vos dossiers</h2>
<div class="table-scroll"><table>
  <caption class="sr-only">Dossiers, nombre de messages et de non lus</caption>
  <thead><tr><th scope="col">Dossier</th><th scope="col" class="num">Messages</th><th scope="col" class="num">Non lus</th><th scope="col">Actions</th></tr></thead>
  <tbody>${input.folders.map((f) => folderRow(f, input.csrfToken))}</tbody>
</table></div>`;
}
