/**
 * Rows of the message list (`<tr>`s of `#message-rows`): the page's rows, and a last row with
 * the « Afficher plus » button that fetches the next page's rows in place (htmx), or a plain
 * link to the next page without JavaScript. Each row's star is a submit button of the bulk form
 * with its own `formaction`, so it works without JavaScript too; with htmx it posts its own
 * name/value and replaces its row. (Its `hx-target` is on the button itself: set on the <tbody>,
 * it would also be inherited by the boosted subject links, and a message would open inside its row.)
 */
import type { MessageSummary } from '../../mail-client/message-list.js';
import { encoded, html, raw, type SafeHtml } from '../../mail-render/index.js';
import { formatListDate, formatSize, isoDate, parisDay } from '../format.js';
import { messageRef } from '../message-ref.js';
import { shortId } from '../short-id.js';
import { mailboxUrl, messageActionUrl, messageUrl, type ListParams } from '../urls.js';

export interface RowsContext {
  path: string;
  /** Envoyés and Brouillons show the recipients instead of the sender. */
  showRecipients: boolean;
  /** Search results span folders: each row says where it lives. */
  showFolder?: boolean;
  folderLabel?: (path: string) => string;
}

/** Drawn here rather than an emoji, which many school computers have no font for. */
const PAPERCLIP = raw(
  '<svg viewBox="0 0 24 24" width="16" height="16" focusable="false"><path d="M16.5 6.5 9 14a2 2 0 0 0 2.8 2.8l7.6-7.6a4 4 0 0 0-5.7-5.7L6 11.2a6 6 0 0 0 8.5 8.5l6-6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>',
);

/** A row's id: UIDs repeat across folders (search results), so the folder is part of it. */
function rowKey(path: string, uid: number): string {
  return `${shortId(path)}-${uid}`;
}

function people(message: MessageSummary, showRecipients: boolean): string {
  const list = showRecipients ? message.to : message.from;
  const text = list.map((a) => a.name || a.address).join(', ');
  return text || (showRecipients ? '(aucun destinataire)' : '(expéditeur inconnu)');
}

export function messageRow(message: MessageSummary & { folder?: string }, ctx: RowsContext): SafeHtml {
  const path = message.folder ?? ctx.path;
  const subject = message.subject || '(sans objet)';
  const state = [message.seen ? '' : 'non lu', message.flagged ? 'suivi' : '', message.answered ? 'répondu' : '', message.hasAttachments ? 'pièce jointe' : '']
    .filter(Boolean)
    .join(', ');
  const key = rowKey(path, message.uid);
  const checkboxId = `sel-${key}`;
  return html`<tr id="row-${key}" class="${message.seen ? '' : 'unread'}">
  <td><input type="checkbox" ${
    ctx.showFolder ? html`name="message" value="${messageRef(path, message.uid)}"` : html`name="uid" value="${message.uid}"`
  } id="${checkboxId}"><label class="sr-only" for="${checkboxId}">Sélectionner « ${subject} »</label></td>
  <td>${
    ctx.showFolder
      ? ''
      : html`<button type="submit" class="flag-toggle" formaction="${messageActionUrl(path, message.uid, 'flag')}" name="flagged" value="${message.flagged ? '0' : '1'}" hx-post="${messageActionUrl(path, message.uid, 'flag')}" hx-target="closest tr" hx-swap="outerHTML" aria-pressed="${message.flagged ? 'true' : 'false'}" title="${message.flagged ? 'Ne plus suivre' : 'Suivre'}"><span aria-hidden="true">${message.flagged ? '★' : '☆'}</span><span class="sr-only">Suivi</span></button>`
  }</td>
  <td class="from">${people(message, ctx.showRecipients)}</td>
  <td class="subject"><a href="${messageUrl(path, message.uid)}">${subject}</a>${state ? html`<span class="sr-only"> (${state})</span>` : ''}${
    ctx.showFolder && ctx.folderLabel ? html`<br><small>${ctx.folderLabel(path)}</small>` : ''
  }</td>
  <td class="icons col-icons" aria-hidden="true">${message.hasAttachments ? PAPERCLIP : ''}${message.answered ? ' ↩' : ''}</td>
  <td class="num"><time datetime="${isoDate(message.date)}">${formatListDate(message.date)}</time></td>
  <td class="num col-size">${formatSize(message.size)}</td>
</tr>`;
}

export interface MoreContext extends ListParams {
  path: string;
  page: number;
  pageCount: number;
}

/** The « Afficher plus » row: htmx replaces it with the next page's rows (and a new « plus » row). */
export function moreRow(ctx: MoreContext): SafeHtml | '' {
  if (ctx.page >= ctx.pageCount) return '';
  const next = mailboxUrl(ctx.path, { page: ctx.page + 1, sort: ctx.sort, order: ctx.order });
  return html`<tr class="more" id="more-row"><td colspan="7">
  <a class="btn" href="${next}" hx-get="${next}" hx-target="#more-row" hx-swap="outerHTML" hx-push-url="false">Afficher plus de messages</a>
</td></tr>`;
}

/**
 * Rows already rendered and encoded to UTF-8, kept with the message's immutable head (see
 * MessageSummary.head) and the variant they were rendered for. Reading mail changes one row at
 * a time: the list page then renders that row, and reuses the 49 others. Weak: a row goes with
 * its head when the account's message cache lets the head go.
 */
const renderedRows = new WeakMap<object, { variant: string; row: SafeHtml }>();

/** A row from `renderedRows` when nothing it shows has changed, else rendered (and kept). */
function cachedRow(message: MessageSummary, ctx: RowsContext, listVariant: string): SafeHtml {
  if (!message.head || ctx.showFolder) return messageRow(message, ctx);
  const variant = `${message.seen ? 1 : 0}${message.flagged ? 1 : 0}${message.answered ? 1 : 0}\u0000${listVariant}`;
  const kept = renderedRows.get(message.head);
  if (kept && kept.variant === variant) return kept.row;
  // Kept encoded: a list page is fifty of them, sent again at each visit.
  const row = encoded(messageRow(message, ctx));
  renderedRows.set(message.head, { variant, row });
  return row;
}

export function messageRows(messages: readonly MessageSummary[], ctx: RowsContext, more: MoreContext | null): SafeHtml {
  // What a row shows besides its message: the folder, sender or recipients, and today's date.
  const listVariant = `${ctx.showRecipients ? 1 : 0}\u0000${parisDay()}\u0000${ctx.path}`;
  return html`${messages.map((m) => cachedRow(m, ctx, listVariant))}${more ? moreRow(more) : ''}`;
}
