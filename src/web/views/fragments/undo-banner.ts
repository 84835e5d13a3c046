/**
 * « Message envoyé — Annuler »: shown after sending, with the button that takes the message back
 * while it waits in the queue. /static/app.js counts down and removes the button when the window
 * closes (`data-undo-until`); without JavaScript the button stays and the server says whether it
 * is too late.
 */
import { composeUrl } from '../../compose/compose-urls.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField } from '../form-fields.js';
import { formatLongDate } from '../format.js';

export interface UndoBannerInput {
  composeId: string;
  csrfToken: string;
  sendAfter: number;
  /** « Envoyer plus tard » (a chosen time) rather than the undo window. */
  scheduled: boolean;
  /** Whether « Annuler » may still work. */
  open: boolean;
  refused: readonly string[];
  copyKept: boolean;
}

export function undoBanner(input: UndoBannerInput): SafeHtml {
  const what = input.scheduled ? html`Envoi programmé le ${formatLongDate(new Date(input.sendAfter))}` : html`Message envoyé`;
  return html`<div class="banner banner--ok undo-banner" role="status" id="undo-banner"${input.open ? html` data-undo-until="${input.sendAfter}"` : ''}>
  <p><strong>${what}</strong>${
    input.open
      ? html` — <form method="post" action="${composeUrl(input.composeId, 'undo')}" class="undo-form">${csrfField(input.csrfToken)}<button type="submit" class="btn--link">Annuler${input.scheduled ? ' l’envoi' : ''}</button></form>
  <span class="undo-countdown" data-undo-countdown></span>`
      : '.'
  }</p>
  ${input.copyKept ? '' : html`<p>Aucune copie n’a été gardée dans Envoyés.</p>`}
  ${input.refused.length > 0 ? html`<p class="error-text">Non remis à : ${input.refused.join(', ')}.</p>` : ''}
</div>`;
}
