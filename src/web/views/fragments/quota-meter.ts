/** The quota meter in the header of every page (`#quota-meter`, refreshed out of band by the poller). */
import { html, type SafeHtml } from '../../mail-render/index.js';
import type { QuotaView } from '../../quota-view.js';

const LEVEL_TEXT: Record<QuotaView['level'], string> = {
  ok: '',
  warn: ' (bientôt pleine)',
  danger: ' (presque pleine)',
  full: ' (pleine)',
};

export function quotaMeter(quota: QuotaView, options: { oob?: boolean } = {}): SafeHtml {
  return html`<div id="quota-meter" class="quota quota--${quota.level}"${options.oob ? html` hx-swap-oob="true"` : ''}>
  <span class="quota__label" id="quota-label">Espace utilisé : ${quota.label}${LEVEL_TEXT[quota.level]}</span>
  <meter min="0" max="100" low="80" high="95" optimum="0" value="${quota.percent}" aria-labelledby="quota-label">${quota.percent} %</meter>
  <a href="/space">Libérer de l’espace</a>
</div>`;
}

/** The permanent banner while the mailbox is full: mail to the reader is being refused. */
export function quotaFullBanner(quota: QuotaView): SafeHtml | '' {
  if (quota.level !== 'full') return '';
  return html`<div class="banner banner--danger" role="alert" id="quota-full">
  <p><strong>Votre boîte aux lettres est pleine (${quota.label}).</strong> Les messages qui vous sont adressés sont refusés et renvoyés à leur expéditeur.</p>
  <p><a href="/space">Libérez de l’espace</a> : videz la corbeille, supprimez les messages volumineux ou anciens.</p>
</div>`;
}
