/**
 * The pages of the one-click unsubscribe from a union's mail (RFC 8058; shared/domain.md §2.4),
 * reached from the link of a union message, signed in or not: the confirmation (a GET changes
 * nothing: link scanners fetch every link of a message), then what was done.
 */
import { html, type SafeHtml } from '../mail-render/index.js';
import { untilWords } from './publication-view.js';

/** RFC 8058 3.1: the body a one-click POST carries; the confirmation's form sends the same. */
export const ONE_CLICK_FIELD = 'List-Unsubscribe';
export const ONE_CLICK_VALUE = 'One-Click';

export interface UnsubscribeConfirmInput {
  unionName: string;
  already: boolean;
  /** Until when an unsubscription made now holds. */
  until: number;
  /** The form's action: this very page. */
  action: string;
}

const UNDO = 'Vous pourrez revenir sur ce choix à tout moment dans « Mon compte », rubrique « Messages syndicaux refusés ».';

export function unsubscribeConfirmPage(input: UnsubscribeConfirmInput): SafeHtml {
  if (input.already) {
    return html`<h1>Messages de ${input.unionName}</h1>
<p>Vous êtes déjà désabonné(e) : vous ne recevez plus les messages de ${input.unionName}.</p>
<p>Pour les recevoir à nouveau, connectez-vous puis allez dans « Mon compte », rubrique « Messages syndicaux refusés ».</p>`;
  }
  return html`<h1>Ne plus recevoir les messages de ${input.unionName}</h1>
<p>Vous êtes libre de refuser les messages syndicaux qui vous parviennent sur votre adresse professionnelle.
Ce refus vaut jusqu’aux prochaines élections professionnelles, soit jusqu’au <strong>${untilWords(input.until)}</strong> ; il ne concerne que les messages de ${input.unionName}.</p>
<p>${UNDO}</p>
<form method="post" action="${input.action}" class="form-card">
  <input type="hidden" name="${ONE_CLICK_FIELD}" value="${ONE_CLICK_VALUE}">
  <p><button type="submit" class="btn--primary">Ne plus recevoir les messages de ${input.unionName}</button></p>
</form>`;
}

export function unsubscribedPage(input: { unionName: string; until: number; already: boolean }): SafeHtml {
  return html`<h1>Désabonnement enregistré</h1>
<div class="banner banner--ok" role="status"><p>${
    input.already ? `Vous étiez déjà désabonné(e) des messages de ${input.unionName}` : `Vous ne recevrez plus les messages de ${input.unionName}`
  } jusqu’au ${untilWords(input.until)}.</p></div>
<p>${UNDO}</p>
<p><a class="btn" href="/">Aller à la messagerie</a></p>`;
}
