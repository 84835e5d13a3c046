/**
 * The new-mail poller on the first page of a folder (`#live-new`): every 30 s it asks for what
 * arrived after the newest row shown; the answer prepends the new rows to the list out of band
 * and announces them in the polite live region. Without JavaScript the reader reloads.
 */
import { html, type SafeHtml } from '../../mail-render/index.js';
import { mailboxActionUrl, queryString } from '../urls.js';
import { FOLDER_POLL_SECONDS } from './folder-list.js';

export function liveNewPoller(path: string, lastUid: number): SafeHtml {
  const url = `${mailboxActionUrl(path, 'new')}${queryString({ after: lastUid })}`;
  return html`<div id="live-new" hx-get="${url}" hx-trigger="every ${FOLDER_POLL_SECONDS}s" hx-swap="outerHTML"></div>`;
}

/** The poller's answer: itself (with the new high-water mark), the new rows, the announcement. */
export function liveNewAnswer(path: string, lastUid: number, rows: SafeHtml | null, count: number): SafeHtml {
  if (count === 0 || !rows) return liveNewPoller(path, lastUid);
  const text = count === 1 ? '1 nouveau message' : `${count} nouveaux messages`;
  return html`${liveNewPoller(path, lastUid)}
<template><tbody hx-swap-oob="afterbegin:#message-rows">${rows}</tbody></template>
<div id="live-status" class="sr-only" role="status" aria-live="polite" hx-swap-oob="true">${text}</div>`;
}
