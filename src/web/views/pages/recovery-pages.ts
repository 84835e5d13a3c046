/**
 * « Mot de passe oublié » (identifiant, date de naissance, NUMEN → a new password) and
 * « Identifiant oublié » (nom, prénom, date de naissance, NUMEN → the login is shown). The
 * NUMEN typed is never written back into the page, not even after an error.
 */
import { PASSWORD_RULE_TEXT } from '../../auth/password-rules.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField, errorSummary, field } from '../form-fields.js';

const NUMEN_HINT = 'Les 13 caractères de votre NUMEN, par exemple 01E9501234ABC (espaces et minuscules acceptés).';
const BIRTH_HINT = 'Au format JJ/MM/AAAA.';

export interface PasswordForgotInput {
  csrfToken: string;
  login?: string;
  birthDate?: string;
  error?: string | null;
}

export function passwordForgotPage(input: PasswordForgotInput): SafeHtml {
  return html`<h1>Mot de passe oublié</h1>
<p>Saisissez votre identifiant, votre date de naissance et votre NUMEN, puis choisissez un nouveau mot de passe.
Votre NUMEN figure sur vos documents administratifs ; seul votre service de gestion peut vous le redonner.</p>
${errorSummary(input.error)}
<form method="post" action="/password/forgot" class="form-card" novalidate>
  ${csrfField(input.csrfToken)}
  ${field({ name: 'login', label: 'Compte utilisateur', value: input.login ?? '', autocomplete: 'username', required: true, attrs: html` autocapitalize="none" spellcheck="false"` })}
  ${field({ name: 'birthDate', label: 'Date de naissance', hint: BIRTH_HINT, value: input.birthDate ?? '', autocomplete: 'bday', required: true })}
  ${field({ name: 'numen', label: 'NUMEN', hint: NUMEN_HINT, type: 'password', autocomplete: 'off', required: true, attrs: html` spellcheck="false" autocapitalize="characters"` })}
  ${field({ name: 'password', label: 'Nouveau mot de passe', hint: PASSWORD_RULE_TEXT, type: 'password', autocomplete: 'new-password', required: true })}
  ${field({ name: 'confirmation', label: 'Confirmez le nouveau mot de passe', type: 'password', autocomplete: 'new-password', required: true })}
  <p><button type="submit" class="btn--primary">Réinitialiser le mot de passe</button> <a href="/login">Retour à la connexion</a></p>
</form>`;
}

export interface LoginForgotInput {
  csrfToken: string;
  nom?: string;
  prenom?: string;
  birthDate?: string;
  error?: string | null;
  /** Found accounts: shown once the identity is proven. */
  found?: Array<{ login: string; address: string }>;
}

export function loginForgotPage(input: LoginForgotInput): SafeHtml {
  if (input.found && input.found.length > 0) {
    return html`<h1>Votre identifiant</h1>
<div class="banner banner--ok" role="status">${input.found.map(
      (a) => html`<p>Votre identifiant est <strong>${a.login}</strong> (adresse : ${a.address}).</p>`,
    )}</div>
<p><a class="btn btn--primary" href="/login">Se connecter</a> <a href="/password/forgot">Mot de passe oublié ?</a></p>`;
  }
  return html`<h1>Identifiant oublié</h1>
<p>Votre identifiant est la première lettre de votre prénom suivie de votre nom complet, et parfois d’un chiffre.
Pour le retrouver, saisissez votre identité et votre NUMEN.</p>
${errorSummary(input.error)}
<form method="post" action="/login/forgot" class="form-card" novalidate>
  ${csrfField(input.csrfToken)}
  ${field({ name: 'nom', label: 'Nom de naissance', value: input.nom ?? '', autocomplete: 'family-name', required: true })}
  ${field({ name: 'prenom', label: 'Prénom', value: input.prenom ?? '', autocomplete: 'given-name', required: true })}
  ${field({ name: 'birthDate', label: 'Date de naissance', hint: BIRTH_HINT, value: input.birthDate ?? '', autocomplete: 'bday', required: true })}
  ${field({ name: 'numen', label: 'NUMEN', hint: NUMEN_HINT, type: 'password', autocomplete: 'off', required: true, attrs: html` spellcheck="false" autocapitalize="characters"` })}
  <p><button type="submit" class="btn--primary">Retrouver mon identifiant</button> <a href="/login">Retour à la connexion</a></p>
</form>`;
}
