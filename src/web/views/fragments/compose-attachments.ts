/**
 * The attachments of a composition (`#compose-attachments`): the list with sizes and « Retirer »,
 * the room left, the file input and its progress bar. htmx uploads as soon as files are chosen
 * (`hx-trigger="change"`, multipart) and swaps this fragment with the answer; /static/app.js
 * moves the progress bar from htmx's `htmx:xhr:progress` events. Without JavaScript, the file
 * input is part of the compose form and « Joindre » sends it with the rest.
 */
import type { StoredAttachment } from '../../compose/compose-store.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { formatSize } from '../format.js';
import { composeUrl } from '../../compose/compose-urls.js';

export interface AttachmentsInput {
  composeId: string;
  attachments: readonly StoredAttachment[];
  /** Raw bytes a next file may have. */
  room: number;
  maxMessageBytes: number;
  error?: string | null;
  /** Files left out (a forward too big), named for the reader. */
  notice?: string | null;
}

export function composeAttachments(input: AttachmentsInput): SafeHtml {
  const id = input.composeId;
  const total = input.attachments.reduce((sum, a) => sum + a.size, 0);
  return html`<fieldset id="compose-attachments" class="compose-attachments" data-room="${input.room}">
  <legend>Pièces jointes</legend>
  ${input.error ? html`<p class="error-text" role="alert" id="attachments-error">${input.error}</p>` : ''}
  ${input.notice ? html`<p class="banner banner--warn" role="status">${input.notice}</p>` : ''}
  ${
    input.attachments.length > 0
      ? html`<ul class="attachment-list">${input.attachments.map(
          (a) => html`<li><span class="attachment-name">${a.filename}</span> <small>(${formatSize(a.size)})</small>
        <button type="submit" name="remove" value="${a.id}" class="btn--link" formnovalidate
          hx-post="${composeUrl(id, `attachments/${a.id}/delete`)}" hx-target="#compose-attachments" hx-swap="outerHTML" hx-params="none"
          aria-label="Retirer ${a.filename}">Retirer</button></li>`,
        )}</ul>`
      : ''
  }
  <p class="hint" id="attachments-hint">${
    input.attachments.length > 0 ? html`${formatSize(total)} joints. ` : ''
  }Vous pouvez encore joindre ${formatSize(input.room)} (un message ne dépasse pas ${formatSize(input.maxMessageBytes)}, et l’envoi grossit les fichiers d’environ un tiers).</p>
  <label for="compose-files">Ajouter des fichiers</label>
  <input type="file" id="compose-files" name="files" multiple data-upload aria-describedby="attachments-hint"
    hx-post="${composeUrl(id, 'attachments')}" hx-trigger="change" hx-target="#compose-attachments" hx-swap="outerHTML" hx-params="files">
  <button type="submit" name="action" value="attach" class="no-js" formnovalidate>Joindre</button>
  <div class="upload-progress" id="upload-progress" hidden>
    <label for="upload-progress-bar">Envoi des fichiers</label>
    <progress id="upload-progress-bar" max="100" value="0"></progress>
    <span id="upload-progress-text" aria-live="polite"></span>
  </div>
</fieldset>`;
}
