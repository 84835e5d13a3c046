/**
 * Writing a message. One form, `multipart/form-data` so that files go with it without
 * JavaScript; every button is a submit button with `name=action`. htmx enhances it:
 * - address fields suggest colleagues from the directory as one types (an ARIA combobox, set
 *   up by /static/app.js; the request is htmx's `input changed delay:250ms`);
 * - files upload as soon as they are chosen, with a progress bar;
 * - the draft saves itself every 30 seconds (`every 30s`) and when the page is left;
 * - « Mise en forme » switches to a small rich-text editor whose HTML is sanitised on the server.
 * The first button is the form's default one (HTML Standard 4.10.21.2, implicit submission):
 * Enter in a field without JavaScript refreshes the page rather than sending or removing a file.
 * The editor's HTML is sanitised before it is put back in the page. Each <textarea> starts with
 * a line break, which HTML parsing drops (13.2.6.4.7), so a body starting with blank lines keeps them.
 * The form's action carries the CSRF token too: a multipart body is read by the route, after
 * the CSRF check, and a browser without JavaScript cannot add the header.
 */
import type { QuickRecipient } from '../../../directory/index.js';
import type { FieldErrors } from '../../compose/compose-fields.js';
import { safeHtml } from '../../compose/compose-message.js';
import type { ComposeState } from '../../compose/compose-store.js';
import { composeUrl, SIGNATURE_URL, SUGGESTIONS_URL } from '../../compose/compose-urls.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField, errorSummary } from '../form-fields.js';
import { formatSize } from '../format.js';
import { composeAttachments } from '../fragments/compose-attachments.js';
import { quickRecipientButtons } from '../../directory/quick-recipients-view.js';

export interface ComposePageInput {
  state: ComposeState;
  csrfToken: string;
  errors: FieldErrors;
  room: number;
  maxMessageBytes: number;
  attachmentsError?: string | null;
  attachmentsNotice?: string | null;
  /** « Brouillon enregistré à 14:05 », or an error. */
  draftStatus?: string | null;
  /** The copy for Envoyés would not fit: offer to send without it. */
  noRoomForCopy?: { size: number; free: number } | null;
  sendAt?: { value: string; error: string | null } | null;
  /** The minimum of the send-later picker (now, Paris time). */
  sendAtMin: string;
  autosaveSeconds: number;
  /** « Mon IEN », « Ma circonscription »…: buttons that add them to « À ». */
  quickRecipients?: readonly QuickRecipient[];
}

const TITLES: Record<ComposeState['kind'], string> = {
  new: 'Nouveau message',
  reply: 'Répondre',
  'reply-all': 'Répondre à tous',
  forward: 'Transférer',
  'forward-attached': 'Transférer en pièce jointe',
};

export function composeTitle(state: ComposeState): string {
  return state.draft && state.kind === 'new' ? 'Brouillon' : TITLES[state.kind];
}

function recipientField(name: 'to' | 'cc' | 'bcc', label: string, value: string, error: string | undefined, hint?: string): SafeHtml {
  const id = `compose-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field recipient-field${error ? ' field--error' : ''}">
  <label for="${id}">${label}</label>
  ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ''}
  ${error ? html`<p class="error-text" id="${id}-error">${error}</p>` : ''}
  <input type="text" id="${id}" name="${name}" value="${value}" autocomplete="off" spellcheck="false" data-combobox
    ${describedBy ? html`aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}
    hx-get="${SUGGESTIONS_URL}" hx-trigger="input changed delay:250ms" hx-target="#${id}-list" hx-swap="innerHTML"
    hx-vals="${JSON.stringify({ field: name })}" hx-sync="this:replace">
  <ul id="${id}-list" class="suggestions" role="listbox" aria-label="Suggestions de l’annuaire pour « ${label} »" hidden></ul>
</div>`;
}

function copyWarning(input: ComposePageInput): SafeHtml | '' {
  const warning = input.noRoomForCopy;
  if (!warning) return '';
  return html`<div class="banner banner--warn" role="alert" id="no-room-for-copy">
  <p><strong>La copie de ce message (${formatSize(warning.size)}) ne tient pas dans votre boîte</strong> : il reste ${formatSize(warning.free)}.
  Vous pouvez l’envoyer sans en garder de copie dans Envoyés, ou libérer de l’espace d’abord.</p>
  <div class="toolbar">
    <button type="submit" name="action" value="send-without-copy" class="btn--primary">Envoyer sans garder de copie</button>
    <a class="btn" href="/space" hx-boost="false" target="_blank" rel="noopener">Libérer de l’espace (nouvel onglet)</a>
  </div>
</div>`;
}

export function composePage(input: ComposePageInput): SafeHtml {
  const { state, errors } = input;
  const f = state.fields;
  const id = state.id;
  const rich = f.html !== null;
  const action = `${composeUrl(id)}?${CSRF_FIELD}=${encodeURIComponent(input.csrfToken)}`;
  return html`<h1>${composeTitle(state)}</h1>
<form id="compose-form" class="compose" method="post" action="${action}" enctype="multipart/form-data"
  hx-encoding="multipart/form-data" data-compose="${id}" data-draft-url="${composeUrl(id, 'draft')}?${CSRF_FIELD}=${encodeURIComponent(input.csrfToken)}"
  novalidate>
  <button type="submit" name="action" value="refresh" class="implicit-submit" tabindex="-1" aria-hidden="true">Mettre à jour</button>
  ${csrfField(input.csrfToken)}
  ${errorSummary(errors.form ?? (errors.to || errors.cc || errors.bcc ? 'Le message n’a pas été envoyé : corrigez les adresses signalées ci-dessous.' : null))}
  ${copyWarning(input)}
  <p class="hint">Séparez les adresses par des virgules. Les noms des collègues de l’académie sont proposés pendant la saisie.</p>
  ${recipientField('to', 'À', f.to, errors.to)}
  ${quickRecipientButtons(input.quickRecipients ?? [])}
  ${recipientField('cc', 'Cc', f.cc, errors.cc)}
  ${recipientField('bcc', 'Cci', f.bcc, errors.bcc, 'Copie cachée : ces destinataires ne sont vus de personne.')}
  <div class="field">
    <label for="compose-subject">Objet</label>
    <input type="text" id="compose-subject" name="subject" value="${f.subject}" maxlength="998">
  </div>
  <div class="field compose-body">
    <div class="rich-toggle" hidden>
      <input type="checkbox" id="compose-rich" name="format" value="html"${rich ? html` checked` : ''}>
      <label for="compose-rich">Mise en forme (gras, italique, listes, liens)</label>
    </div>
    <label for="compose-text" id="compose-text-label">Message</label>
    <textarea id="compose-text" name="text" rows="18" spellcheck="true">
${f.text}</textarea>
    <textarea id="compose-html" name="html" hidden aria-hidden="true" tabindex="-1">
${rich ? safeHtml(f.html) ?? '' : ''}</textarea>
    <p class="hint"><a href="${SIGNATURE_URL}">Modifier ma signature</a></p>
  </div>
  ${composeAttachments({ composeId: id, attachments: state.attachments, room: input.room, maxMessageBytes: input.maxMessageBytes, error: input.attachmentsError ?? null, notice: input.attachmentsNotice ?? null })}
  <details class="send-later"${input.sendAt ? html` open` : ''}>
    <summary>Envoyer plus tard</summary>
    <div class="field${input.sendAt?.error ? ' field--error' : ''}">
      <label for="compose-send-at">Date et heure d’envoi (heure de Paris)</label>
      ${input.sendAt?.error ? html`<p class="error-text" id="compose-send-at-error">${input.sendAt.error}</p>` : ''}
      <input type="datetime-local" id="compose-send-at" name="sendAt" min="${input.sendAtMin}" value="${input.sendAt?.value ?? ''}"${input.sendAt?.error ? html` aria-invalid="true" aria-describedby="compose-send-at-error"` : ''}>
    </div>
    <button type="submit" name="action" value="later">Programmer l’envoi</button>
  </details>
  <div class="toolbar compose-actions">
    <button type="submit" name="action" value="send" class="btn--primary">Envoyer</button>
    <button type="submit" name="action" value="save">Enregistrer le brouillon</button>
    <button type="submit" name="action" value="discard" class="btn--danger">${state.draft ? 'Supprimer le brouillon' : 'Abandonner'}</button>
  </div>
  <p id="draft-status" class="draft-status" role="status">${input.draftStatus ?? ''}</p>
  <div id="compose-autosave" hidden hx-post="${composeUrl(id, 'draft')}" hx-trigger="every ${input.autosaveSeconds}s" hx-target="#draft-status" hx-swap="innerHTML" hx-params="not files"></div>
</form>`;
}
