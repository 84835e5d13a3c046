/**
 * « Répondre », « Répondre à tous », « Transférer » (inline or as an attachment) on a message,
 * and « Reprendre le brouillon » on a draft. Plain links (each opens a composition); the
 * keyboard shortcuts r, a and f follow them through their `data-shortcut`.
 */
import { startUrl } from '../../compose/compose-urls.js';
import { html, type SafeHtml } from '../../mail-render/index.js';

export function composeActions(path: string, uid: number, options: { isDraft: boolean }): SafeHtml {
  if (options.isDraft) {
    return html`<div class="toolbar compose-links"><a class="btn btn--primary" href="${startUrl(path, uid, 'edit')}" data-shortcut="edit">Reprendre le brouillon</a></div>`;
  }
  return html`<div class="toolbar compose-links" role="group" aria-label="Répondre ou transférer">
  <a class="btn btn--primary" href="${startUrl(path, uid, 'reply')}" data-shortcut="reply" aria-keyshortcuts="r">Répondre</a>
  <a class="btn" href="${startUrl(path, uid, 'reply-all')}" data-shortcut="reply-all" aria-keyshortcuts="a">Répondre à tous</a>
  <a class="btn" href="${startUrl(path, uid, 'forward')}" data-shortcut="forward" aria-keyshortcuts="f">Transférer</a>
  <a class="btn" href="${startUrl(path, uid, 'forward-attached')}">Transférer en pièce jointe</a>
</div>`;
}
