/**
 * How the pages of institutional mail say a publication in French: its kind, its audience in
 * words, its state of delivery, how long it took, and the date an unsubscription lasts until.
 * Pure: no Express, no store.
 */
import { frenchDate, parisDay } from '../../calendar/index.js';
import type { Publication, PublicationKind } from '../../bulletins/index.js';
import { AudienceError, describeAudience, parseAudience } from '../../directory/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { formatLongDate, isoDate } from '../views/format.js';

export const KIND_LABELS: Record<PublicationKind, string> = { bulletin: 'bulletin', election: 'élections', union: 'syndical' };

/** « tous les agents », « le 1er degré, la circonscription 0133300S »; the code itself if it no longer reads. */
export function audienceWords(audience: string): string {
  try {
    return describeAudience(parseAudience(audience));
  } catch (err) {
    if (err instanceof AudienceError) return audience;
    throw err;
  }
}

/** Recipients the runner has dealt with so far, delivered or skipped. */
export function processed(p: Publication): number {
  return p.delivered + p.skippedFull + p.skippedCap + p.skippedUnsubscribed;
}

/** « en attente », « en cours : 1 200/4 000 », « terminé ». */
export function statusText(p: Publication): string {
  if (p.status === 'pending') return 'en attente';
  if (p.status === 'delivering') return `en cours : ${processed(p).toLocaleString('fr-FR')}/${p.recipients.toLocaleString('fr-FR')}`;
  return 'terminé';
}

export function inProgress(list: readonly Publication[]): boolean {
  return list.some((p) => p.status !== 'done');
}

/** « moins de 0,1 s », « 0,4 s », « 12 s », « 3 min 05 s »: from the recording to the last mailbox. */
export function durationText(ms: number): string {
  if (ms < 50) return 'moins de 0,1 s';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes < 60 ? `${minutes} min ${String(rest).padStart(2, '0')} s` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** When it was recorded, and for a finished one how long it took. */
export function dateCell(p: Publication): SafeHtml {
  const at = new Date(p.createdAt);
  return html`<time datetime="${isoDate(at)}">${formatLongDate(at)}</time>${
    p.finishedAt !== null ? html`<br><span class="hint">distribué en ${durationText(p.finishedAt - p.createdAt)}</span>` : ''
  }`;
}

/**
 * « jeudi 10 décembre 2026 »: the last day an unsubscription holds. The instant itself is the
 * first one it no longer does (midnight of the next day for a date an admin set), hence the ms before.
 */
export function untilWords(ms: number): string {
  return frenchDate(parisDay(ms - 1));
}

/**
 * A list that refreshes itself every 2 s while a publication is being delivered (htmx; the id
 * starts with `live-` so the poll does not keep the session alive), and stays still otherwise.
 * Without JavaScript, reloading the page does the same.
 */
export function liveList(id: `live-${string}`, url: string, polling: boolean, content: SafeHtml): SafeHtml {
  return html`<div id="${id}"${polling ? html` hx-get="${url}" hx-trigger="every 2s" hx-swap="outerHTML"` : ''}>${content}</div>`;
}
