/**
 * « Connexion »: the same account and password as the career portal (I-Prof), as the
 * académies explain it on their sign-in pages.
 */
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField, errorSummary, field } from '../form-fields.js';

export interface LoginPageInput {
  csrfToken: string;
  login?: string;
  next?: string;
  error?: string | null;
  notice?: string | null;
}

/** The note for private-sector teachers (seed: « Message aux enseignants du privé sous contrat »). */
export function privateSectorNote(): SafeHtml {
  return html`<div class="banner banner--info"><p><strong>Enseignants du privé sous contrat :</strong> votre portail carrière est
  <strong>I-Professionnel</strong> (I-Prof est destiné aux enseignants du public). Cette messagerie fonctionne pour vous comme pour tous les personnels, avec les mêmes identifiant et mot de passe.</p></div>`;
}

export function loginPage(input: LoginPageInput): SafeHtml {
  return html`<h1>Connexion à la messagerie académique</h1>
${input.notice ? html`<div class="banner banner--ok" role="status"><p>${input.notice}</p></div>` : ''}
${errorSummary(input.error)}
<form method="post" action="/login" class="form-card" novalidate>
  ${csrfField(input.csrfToken)}
  <input type="hidden" name="next" value="${input.next ?? ''}">
  ${field({
    name: 'login',
    label: 'Compte utilisateur',
    hint: 'Première lettre du prénom et nom complet, suivi éventuellement d’un chiffre (ex. : Charlotte Habotté → chabotte), ou votre adresse académique.',
    value: input.login ?? '',
    autocomplete: 'username',
    required: true,
    attrs: html` autocapitalize="none" spellcheck="false"`,
  })}
  ${field({
    name: 'password',
    label: 'Mot de passe',
    hint: 'Votre NUMEN, ou le mot de passe que vous avez choisi.',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  })}
  <p><button type="submit" class="btn--primary">Se connecter</button></p>
</form>
<p>Les mêmes identifiant et mot de passe donnent accès à I-Prof et aux applications académiques.</p>
<ul>
  <li><a href="/password/forgot">Mot de passe oublié ?</a> (réinitialisation avec votre NUMEN)</li>
  <li><a href="/login/forgot">Identifiant oublié ?</a></li>
</ul>
${privateSectorNote()}`;
}
