/**
 * The « élections professionnelles » banner, above the content of every signed-in page while the
 * vote is open (shared/domain.md §2, product note of §2.4): the dates, the voting portal, and for
 * a mailbox at the quota meter's warning level or above, why making room matters now (the vote's
 * identifiers and codes arrive by mail). « Masquer » is a plain form, so it works without
 * JavaScript; htmx removes the banner in place and says so to screen readers.
 *
 * RGAA: a labelled complementary landmark (<aside aria-label>), the button's accessible name starts
 * with its visible text (WCAG 2.5.3), colours of app-css.ts (AA), the focus ring of every control.
 */
import type { ElectionPeriod } from '../../config.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import type { QuotaView } from '../quota-view.js';
import { csrfField } from '../views/form-fields.js';
import { electionSentence } from './election-period.js';

export const ELECTION_BANNER_ID = 'election-banner';
export const HIDE_ELECTION_BANNER_PATH = '/election-banner/hide';

const FILLED: Record<Exclude<QuotaView['level'], 'ok'>, string> = {
  warn: 'bientôt pleine',
  danger: 'presque pleine',
  full: 'pleine',
};

/**
 * The quota line. Election mail is delivered like any other (src/delivery): a full mailbox refuses
 * it too, so the banner says exactly that.
 */
function quotaWarning(quota: QuotaView): SafeHtml | '' {
  if (quota.level === 'ok') return '';
  // True of what Webmel delivers: notices published with --kind election pass the quota
  // (src/bulletins); any other message, from outside included, does not.
  const consequence =
    quota.level === 'full'
      ? 'seuls les avis des élections professionnelles diffusés par l’académie vous parviennent encore ; les autres messages vous sont refusés.'
      : 'les avis des élections professionnelles diffusés par l’académie vous parviendront quand même, mais pas les autres messages une fois la boîte pleine.';
  return html`<p class="election-banner__quota"><strong>Votre boîte est ${FILLED[quota.level]} (${quota.label})</strong> : ${consequence} <a href="/space">Libérez de l’espace</a>.</p>`;
}

export interface ElectionBannerInput {
  period: ElectionPeriod;
  quota: QuotaView | null;
  csrfToken: string;
  /** The page to come back to after « Masquer » without JavaScript. */
  back: string;
}

export function electionBanner({ period, quota, csrfToken, back }: ElectionBannerInput): SafeHtml {
  const host = new URL(period.url).host;
  return html`<aside class="election-banner" id="${ELECTION_BANNER_ID}" aria-label="Élections professionnelles">
  <div class="election-banner__text">
    <p><strong>${electionSentence(period)}</strong>${period.demo ? ' (démonstration)' : ''}.</p>
    ${period.demo ? html`<p>Dates et portail d’exemple de l’académie de démonstration : le lien ne mène à aucun portail réel.</p>` : ''}
    <p><a href="${period.url}" rel="noreferrer">Aller sur le portail de vote</a> (${host})</p>
    ${quota ? quotaWarning(quota) : ''}
  </div>
  <form method="post" action="${HIDE_ELECTION_BANNER_PATH}" hx-post="${HIDE_ELECTION_BANNER_PATH}" hx-target="#${ELECTION_BANNER_ID}" hx-swap="delete" data-focus-content-after>
    ${csrfField(csrfToken)}<input type="hidden" name="back" value="${back}">
    <button type="submit" class="btn">Masquer<span class="sr-only"> l’annonce des élections jusqu’à votre prochaine connexion</span></button>
  </form>
</aside>`;
}

/** htmx's answer to « Masquer »: the banner is gone (hx-swap="delete"); the status says so. */
export function electionBannerHidden(): SafeHtml {
  return html`<div id="live-status" class="sr-only" role="status" aria-live="polite" hx-swap-oob="true">L’annonce des élections professionnelles est masquée jusqu’à votre prochaine connexion.</div>`;
}
