/**
 * One message: its headers (dates in French), the outside-sender banner, the actions, the body
 * and the attachments. Plain text is escaped and linkified into the page itself; an HTML body is
 * shown only in the sandboxed frame, loaded from its own endpoint (no scripts, no same-origin;
 * popups allowed so links open in a new tab).
 */
import type { Folder } from '../../mail-client/folders.js';
import type { Address } from '../../mail-client/message-list.js';
import type { OpenedMessage } from '../../mail-client/message-read.js';
import { html, raw, textToHtml, type SafeHtml } from '../../mail-render/index.js';
import { csrfField } from '../form-fields.js';
import { formatLongDate, formatSize, isoDate } from '../format.js';
import { mailboxUrl, messageActionUrl, messageBodyUrl, messageUrl, partUrl } from '../urls.js';
import { moveControl } from './mailbox-page.js';
import { composeActions } from '../fragments/compose-actions.js';

export interface MessagePageInput {
  folder: Folder;
  folders: readonly Folder[];
  message: OpenedMessage;
  csrfToken: string;
  outsideSender: boolean;
  /** Remote images load in the frame (asked for this message, or a trusted sender). */
  imagesAllowed: boolean;
  /** Remote images the sanitiser removed (when not allowed). */
  blockedImages: number;
  senderTrusted: boolean;
}

function addressList(list: Address[]): SafeHtml {
  return html`${list.map((a, i) => html`${i > 0 ? ', ' : ''}${a.name ? html`${a.name} &lt;${a.address}&gt;` : a.address}`)}`;
}

function header(label: string, list: Address[]): SafeHtml | '' {
  return list.length > 0 ? html`<dt>${label}</dt><dd>${addressList(list)}</dd>` : '';
}

function outsideBanner(): SafeHtml {
  return html`<div class="banner banner--warn" role="note"><p><strong>Message provenant de l’extérieur de l’Éducation nationale.</strong>
  Méfiez-vous des liens et des pièces jointes, et ne communiquez jamais votre mot de passe ni votre NUMEN.</p></div>`;
}

function imagesNotice(input: MessagePageInput): SafeHtml | '' {
  if (input.imagesAllowed || input.blockedImages === 0) return '';
  const sender = input.message.from[0]?.address ?? '';
  const back = messageUrl(input.folder.path, input.message.uid, { images: true });
  return html`<div class="banner banner--info"><p>${input.blockedImages === 1 ? 'Une image distante a été bloquée' : `${input.blockedImages} images distantes ont été bloquées`}
  pour protéger votre vie privée (elles peuvent signaler à l’expéditeur que vous avez lu le message).</p>
  <div class="toolbar"><a class="btn" href="${back}">Afficher les images</a>${
    sender
      ? html`<form method="post" action="/account/trusted-senders">${csrfField(input.csrfToken)}<input type="hidden" name="address" value="${sender}"><input type="hidden" name="back" value="${back}"><button type="submit">Toujours afficher les images de ${sender}</button></form>`
      : ''
  }</div></div>`;
}

function body(input: MessagePageInput): SafeHtml {
  const { message, folder } = input;
  if (message.texts.length === 0) return html`<p class="empty">Ce message n’a pas de texte.</p>`;
  if (message.texts.some((t) => t.kind === 'html')) {
    return html`<iframe class="mail-frame" title="Contenu du message" src="${messageBodyUrl(folder.path, message.uid, input.imagesAllowed)}"
  sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer"></iframe>`;
  }
  // textToHtml escapes every character of the text; its only markup is links it validated and blockquotes.
  return html`${message.texts.map((t) => html`<div class="plain-text">${raw(textToHtml(t.text))}</div>`)}${
    message.texts.some((t) => t.truncated) ? html`<p class="banner banner--info">Ce message est trop long pour être affiché en entier : téléchargez-le pour le lire en totalité.</p>` : ''
  }`;
}

function attachments(input: MessagePageInput): SafeHtml | '' {
  const { message, folder } = input;
  const list = message.layout.attachments;
  if (list.length === 0) return '';
  return html`<section class="attachments" aria-labelledby="attachments-title">
<h2 id="attachments-title">Pièces jointes (${list.length})</h2>
<ul>${list.map(
    (a) => html`<li><a href="${partUrl(folder.path, message.uid, a.part)}" hx-boost="false" download>${a.filename}</a> <small>(${formatSize(a.size)})</small>${
      a.previewable ? html`<img src="${partUrl(folder.path, message.uid, a.part, true)}" alt="Aperçu de ${a.filename}" loading="lazy">` : ''
    }</li>`,
  )}</ul>
</section>`;
}

/**
 * IMAP fills an absent Reply-To with From (RFC 3501 7.4.2): « Répondre à » is shown only when it
 * says something else, where it matters (replies would go elsewhere than to the sender).
 */
function sameAddresses(a: readonly Address[], b: readonly Address[]): boolean {
  return a.length === b.length && a.every((x, i) => x.address.toLowerCase() === b[i]!.address.toLowerCase());
}

export function messagePage(input: MessagePageInput): SafeHtml {
  const { message, folder } = input;
  const path = folder.path;
  const subject = message.subject || '(sans objet)';
  return html`<div class="message-nav">
  <a href="${mailboxUrl(path)}">← Retour à ${folder.label}</a>
  <nav aria-label="Messages voisins dans ${folder.label}">
    <a href="${messageActionUrl(path, message.uid, 'newer')}" data-shortcut="newer-message"><span aria-hidden="true">‹ </span>Plus récent</a>
    <a href="${messageActionUrl(path, message.uid, 'older')}" data-shortcut="older-message">Plus ancien<span aria-hidden="true"> ›</span></a>
  </nav>
</div>
${input.outsideSender ? outsideBanner() : ''}
<h1>${subject}</h1>
<dl class="message-headers">
  ${header('De', message.from)}
  ${header('À', message.to)}
  ${header('Cc', message.cc)}
  ${sameAddresses(message.replyTo, message.from) ? '' : header('Répondre à', message.replyTo)}
  <dt>Date</dt><dd><time datetime="${isoDate(message.sentAt ?? message.receivedAt)}">${formatLongDate(message.sentAt ?? message.receivedAt)}</time></dd>
  <dt>Taille</dt><dd>${formatSize(message.size)}</dd>
</dl>
${composeActions(path, message.uid, { isDraft: folder.specialUse === '\\Drafts' })}
<form method="post" action="${messageActionUrl(path, message.uid, 'actions')}" class="toolbar">
  ${csrfField(input.csrfToken)}
  <button type="submit" name="action" value="unread">Marquer comme non lu</button>
  <button type="submit" name="action" value="${message.flagged ? 'unflag' : 'flag'}" aria-pressed="${message.flagged ? 'true' : 'false'}">${message.flagged ? 'Ne plus suivre' : 'Suivre'}</button>
  ${moveControl(input.folders, path)}
  <button type="submit" name="action" value="delete" class="btn--danger">${folder.specialUse === '\\Trash' ? 'Supprimer définitivement' : 'Supprimer'}</button>
  <a class="btn" href="${messageActionUrl(path, message.uid, 'source')}" hx-boost="false" download>Télécharger (.eml)</a>
</form>
${imagesNotice(input)}
${body(input)}
${attachments(input)}`;
}
