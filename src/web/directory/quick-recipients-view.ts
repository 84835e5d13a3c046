/**
 * « Destinataires fréquents »: « Mon IEN », « Ma circonscription », « Direction académique
 * (DSDEN) », « Mon gestionnaire », from the reader's affectation (directory.quickRecipients).
 * Nothing at all when the directory knows none of them.
 *
 * Two forms: links that open a new message (the home page, the annuaire), and, in the compose
 * form, submit buttons that add the recipient to « À » (the route appends it and shows the
 * form again; /static/app.js does it in place, without a round trip).
 */
import type { QuickRecipient } from '../../directory/index.js';
import { formatAddressField } from '../compose/address-field.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { writeToUrl } from './directory-urls.js';

/** The field of the compose form a quick recipient button sends. */
export const ADD_RECIPIENT_FIELD = 'addTo';

export function recipientValue(r: QuickRecipient): string {
  return formatAddressField([{ name: r.name, address: r.address }]);
}

function block(id: string, items: readonly SafeHtml[], hint: string): SafeHtml {
  return html`<section class="quick-recipients" aria-labelledby="${id}">
  <h2 id="${id}" class="quick-recipients__title">Destinataires fréquents</h2>
  <p class="hint" id="${id}-hint">${hint}</p>
  <ul aria-describedby="${id}-hint">${items}</ul>
</section>`;
}

function entry(r: QuickRecipient): SafeHtml {
  return html`<span class="quick-recipients__label">${r.label}</span> <span class="quick-recipients__name">${r.name}</span>`;
}

/** Links that open a new message to each (home page, annuaire). */
export function quickRecipientLinks(recipients: readonly QuickRecipient[]): SafeHtml | '' {
  if (recipients.length === 0) return '';
  return block(
    'quick-recipients-title',
    recipients.map((r) => html`<li><a href="${writeToUrl(r.name, r.address)}">${entry(r)}</a></li>`),
    'D’après votre affectation : un lien ouvre un nouveau message.',
  );
}

/** Buttons of the compose form that add each to « À ». */
export function quickRecipientButtons(recipients: readonly QuickRecipient[]): SafeHtml | '' {
  if (recipients.length === 0) return '';
  return block(
    'compose-quick-title',
    recipients.map(
      (r) => html`<li><button type="submit" name="${ADD_RECIPIENT_FIELD}" value="${recipientValue(r)}" data-add-recipient="compose-to" data-address="${r.address}">${entry(r)}</button></li>`,
    ),
    'D’après votre affectation : un bouton ajoute le destinataire au champ « À ».',
  );
}
