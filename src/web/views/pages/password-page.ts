/**
 * « Choisir un mot de passe »: required at the first sign-in with the NUMEN (before anything
 * else), and « Changer de mot de passe » afterwards (then the current one is asked again).
 */
import { PASSWORD_RULE_TEXT } from '../../auth/password-rules.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField, errorSummary, field } from '../form-fields.js';

export interface PasswordPageInput {
  csrfToken: string;
  /** First sign-in: the NUMEN was just typed, the current password is not asked. */
  forced: boolean;
  error?: string | null;
}

export function passwordPage(input: PasswordPageInput): SafeHtml {
  return html`<h1>${input.forced ? 'Choisissez votre mot de passe' : 'Changer de mot de passe'}</h1>
${
  input.forced
    ? html`<div class="banner banner--info"><p>Vous vous êtes connecté(e) avec votre NUMEN. Pour protéger votre messagerie, choisissez maintenant un mot de passe personnel.
    Il remplacera le NUMEN pour la messagerie, I-Prof et les applications académiques.</p></div>`
    : ''
}
${errorSummary(input.error)}
<form method="post" action="/account/password" class="form-card" novalidate>
  ${csrfField(input.csrfToken)}
  ${input.forced ? '' : field({ name: 'current', label: 'Mot de passe actuel', type: 'password', autocomplete: 'current-password', required: true })}
  ${field({ name: 'password', label: 'Nouveau mot de passe', hint: PASSWORD_RULE_TEXT, type: 'password', autocomplete: 'new-password', required: true })}
  ${field({ name: 'confirmation', label: 'Confirmez le nouveau mot de passe', type: 'password', autocomplete: 'new-password', required: true })}
  <p><button type="submit" class="btn--primary">Enregistrer le mot de passe</button>
  ${input.forced ? '' : html` <a href="/account">Annuler</a>`}</p>
</form>`;
}
