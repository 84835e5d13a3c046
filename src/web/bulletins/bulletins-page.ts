/**
 * « Bulletins »: the institutional messages an agent was sent (shared/domain.md §5), newest
 * first, each with the « Message institutionnel » badge (§5.2, product note), and one of them
 * shown as the webmail shows a received message: plain text escaped into the page, HTML only in
 * the sandboxed frame, served by its own endpoint under the frame's CSP.
 */
import type { ReceivedBulletin } from '../../bulletins/index.js';
import { html, raw, textToHtml, type SafeHtml } from '../mail-render/index.js';
import { formatLongDate, isoDate } from '../views/format.js';
import type { BulletinMessage } from './bulletin-message.js';
import { ADMIN_BULLETINS_URL, BULLETINS_URL, bulletinBodyUrl, bulletinUrl } from './bulletin-urls.js';

export const INSTITUTIONAL_NOTE =
  'Les messages institutionnels du ministère, du rectorat et des services départementaux sont adressés à tous les personnels concernés : ' +
  'on ne peut pas s’en désabonner, leur lecture fait partie des usages de la messagerie professionnelle. ' +
  'Ils restent lisibles ici, même après leur suppression de votre boîte de réception.';

function badges(kind: 'bulletin' | 'election' | 'union', delivered: boolean): SafeHtml {
  return html`<span class="badge badge--institutional">${kind === 'union' ? 'Message syndical' : 'Message institutionnel'}</span>${
    kind === 'election' ? html` <span class="badge">Élections professionnelles</span>` : ''
  }${delivered ? '' : html` <span class="badge badge--warn">non remis dans votre boîte (boîte pleine)</span>`}`;
}

function row({ publication: p, delivered }: ReceivedBulletin): SafeHtml {
  const at = new Date(p.createdAt);
  return html`<tr>
  <td><time datetime="${isoDate(at)}">${formatLongDate(at)}</time></td>
  <td>${p.fromHeader}</td>
  <td><a href="${bulletinUrl(p.id)}">${p.subject}</a></td>
  <td>${badges(p.kind, delivered)}</td>
</tr>`;
}

export function bulletinsPage(input: { received: readonly ReceivedBulletin[]; admin: boolean }): SafeHtml {
  return html`<h1>Bulletins</h1>
<p class="bulletin-note">${INSTITUTIONAL_NOTE}</p>
${input.admin ? html`<p><a class="btn" href="${ADMIN_BULLETINS_URL}">Publier un bulletin</a></p>` : ''}
${
  input.received.length === 0
    ? html`<p class="empty">Vous n’avez reçu aucun message institutionnel.</p>`
    : html`<div class="table-scroll"><table class="bulletins">
  <caption class="sr-only">Messages institutionnels reçus, du plus récent au plus ancien</caption>
  <thead><tr><th scope="col">Date</th><th scope="col">Expéditeur</th><th scope="col">Objet</th><th scope="col">Nature</th></tr></thead>
  <tbody>${input.received.map(row)}</tbody>
</table></div>`
}`;
}

export interface BulletinPageInput {
  id: number;
  kind: 'bulletin' | 'election' | 'union';
  message: BulletinMessage;
  /** False: the mailbox was full when it was delivered. */
  delivered: boolean;
  imagesAllowed: boolean;
  blockedImages: number;
}

function body(input: BulletinPageInput): SafeHtml {
  const { body: text } = input.message;
  if (text === null) return html`<p class="empty">Ce message n’a pas de texte.</p>`;
  if (text.kind === 'html') {
    return html`<iframe class="mail-frame" title="Contenu du message" src="${bulletinBodyUrl(input.id, input.imagesAllowed)}"
  sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer"></iframe>`;
  }
  // textToHtml escapes every character of the text; its only markup is links it validated and blockquotes.
  return html`<div class="plain-text">${raw(textToHtml(text.text))}</div>`;
}

function imagesNotice(input: BulletinPageInput): SafeHtml | '' {
  if (input.imagesAllowed || input.blockedImages === 0) return '';
  return html`<div class="banner banner--info"><p>${input.blockedImages === 1 ? 'Une image distante a été bloquée' : `${input.blockedImages} images distantes ont été bloquées`}
  pour protéger votre vie privée.</p><p><a class="btn" href="${bulletinUrl(input.id, { images: true })}">Afficher les images</a></p></div>`;
}

export function bulletinPage(input: BulletinPageInput): SafeHtml {
  const { message } = input;
  const date = message.date;
  return html`<p class="breadcrumb"><a href="${BULLETINS_URL}">← Retour aux bulletins</a></p>
<p>${badges(input.kind, input.delivered)}</p>
<h1>${message.subject || '(sans objet)'}</h1>
<dl class="message-headers">
  <dt>De</dt><dd>${message.from.map((a, i) => html`${i > 0 ? ', ' : ''}${a.name ? html`${a.name} &lt;${a.address}&gt;` : a.address}`)}</dd>
  ${date ? html`<dt>Date</dt><dd><time datetime="${isoDate(date)}">${formatLongDate(date)}</time></dd>` : ''}
</dl>
${input.kind === 'union' ? '' : html`<p class="bulletin-note">${INSTITUTIONAL_NOTE}</p>`}
${imagesNotice(input)}
${body(input)}`;
}
