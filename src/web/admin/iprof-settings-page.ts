/**
 * `/admin/iprof`, « Réglages d’I-Prof »: what the administration sets for the portal, in three
 * sections, each with its own forms (a refusal comes back at the top of its own section, with
 * what was typed): the themes of « Votre courrier », the applications of « Les services », and
 * « Les guides ». A guide is written on a page of its own (`/admin/iprof/guides/nouveau`, or
 * its slug to change it): its Markdown wants room.
 */
import type { Guide, PortalApp } from '../../portal/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { guideUrl, byTheme } from '../portal/guides-page.js';
import { COURRIER_NEW_URL, GUIDES_URL, SERVICES_URL } from '../portal/portal-urls.js';
import { formatLongDate, isoDate } from '../views/format.js';
import { csrfField, errorSummary, field } from '../views/form-fields.js';
import { CONSOLE_URL, IPROF_SETTINGS, IPROF_SETTINGS_URL, iprofGuideUrl, iprofServiceEditUrl } from './console-urls.js';

export type SettingsSection = 'themes' | 'services' | 'guides';

export interface ServiceFormValues {
  code: string;
  name: string;
  url: string;
  description: string;
  sso: boolean;
}

export interface GuideFormValues {
  theme: string;
  title: string;
  slug: string;
  markdown: string;
}

export interface IprofSettingsInput {
  csrfToken: string;
  themes: readonly string[];
  apps: readonly PortalApp[];
  guides: readonly Guide[];
  /** A refused form: the section it belongs to and why. */
  error?: { section: SettingsSection; message: string } | null;
  /** What was typed in the theme form. */
  theme?: string;
  /** What was typed in the service form, or the application « Modifier » fills it with. */
  service?: ServiceFormValues;
}

const EMPTY_SERVICE: ServiceFormValues = { code: '', name: '', url: '', description: '', sso: false };

function errorOf(input: IprofSettingsInput, section: SettingsSection): SafeHtml | '' {
  return input.error?.section === section ? errorSummary(input.error.message) : '';
}

/** A one-button form; the button's hidden words name what it removes, for a screen reader's list of buttons. */
function removeButton(csrfToken: string, action: string, name: string, value: string, what: string): SafeHtml {
  return html`<form method="post" action="${action}" class="toolbar">${csrfField(csrfToken)}<input type="hidden" name="${name}" value="${value}"><button type="submit" class="btn--danger">Retirer<span class="sr-only"> ${what}</span></button></form>`;
}

function themesSection(input: IprofSettingsInput): SafeHtml {
  return html`<section aria-labelledby="iprof-themes">
  <h2 id="iprof-themes">Thèmes de Votre courrier</h2>
  <p>L’agent choisit l’un de ces thèmes quand il écrit à son gestionnaire (<a href="${COURRIER_NEW_URL}">« Écrire à votre gestionnaire »</a>). Retirer un thème ne le retire pas des courriers déjà écrits.</p>
  ${errorOf(input, 'themes')}
  ${input.themes.length === 0
    ? html`<p class="empty">Aucun thème : le formulaire affiche « pas de thème autorisé » et les courriers partent sans thème.</p>`
    : html`<ul class="iprof-settings-list">${input.themes.map((theme) => html`<li><span>${theme}</span> ${removeButton(input.csrfToken, IPROF_SETTINGS.themeRemove, 'theme', theme, `le thème « ${theme} »`)}</li>`)}</ul>`}
  <form method="post" action="${IPROF_SETTINGS.themes}" class="form-card">
    ${csrfField(input.csrfToken)}
    <fieldset>
      <legend>Autoriser un thème</legend>
      ${field({ name: 'theme', label: 'Thème', value: input.theme ?? '', required: true, hint: 'Par exemple « Mutation » ou « Congés » ; 80 caractères au plus.' })}
      <p><button type="submit" class="btn--primary">Ajouter le thème</button></p>
    </fieldset>
  </form>
</section>`;
}

function serviceRow(app: PortalApp, csrfToken: string): SafeHtml {
  return html`<tr>
  <th scope="row"><code>${app.code}</code></th>
  <td>${app.name}</td>
  <td class="url"><a href="${app.url}" hx-boost="false">${app.url}</a></td>
  <td>${app.sso ? 'oui' : 'non'}</td>
  <td><div class="toolbar"><a href="${iprofServiceEditUrl(app.code)}">Modifier<span class="sr-only"> le service ${app.code}</span></a>
  ${removeButton(csrfToken, IPROF_SETTINGS.serviceRemove, 'code', app.code, `le service ${app.code}`)}</div></td>
</tr>`;
}

function servicesSection(input: IprofSettingsInput): SafeHtml {
  const v = input.service ?? EMPTY_SERVICE;
  // A refused form has its error above its fields; a refused « Retirer », above the table.
  const formRefused = input.service !== undefined;
  return html`<section aria-labelledby="iprof-services">
  <h2 id="iprof-services">Les services</h2>
  <p>Les applications que la page <a href="${SERVICES_URL}">« Les services »</a> propose aux agents, dans cet ordre ; « Modifier » remplit le formulaire avec l’une d’elles, description comprise.</p>
  ${formRefused ? '' : errorOf(input, 'services')}
  ${input.apps.length === 0
    ? html`<p class="empty">Aucun service n’est proposé.</p>`
    : html`<div class="table-scroll"><table class="iprof-services">
  <caption class="sr-only">Applications de « Les services »</caption>
  <thead><tr><th scope="col">Code</th><th scope="col">Nom</th><th scope="col">Adresse</th><th scope="col">Sans nouvelle authentification</th><th scope="col">Actions</th></tr></thead>
  <tbody>${input.apps.map((app) => serviceRow(app, input.csrfToken))}</tbody>
</table></div>`}
  <form method="post" action="${IPROF_SETTINGS.services}" class="form-card" id="service-form">
    ${csrfField(input.csrfToken)}
    <fieldset>
      <legend>Ajouter ou modifier un service</legend>
      ${formRefused ? errorOf(input, 'services') : ''}
      ${field({ name: 'code', label: 'Code', value: v.code, required: true, hint: 'Lettres, chiffres, - ou _, 20 au plus (ex. SIAM). Le code d’un service existant le modifie.', attrs: html` spellcheck="false" autocapitalize="characters"` })}
      ${field({ name: 'name', label: 'Nom', value: v.name, required: true, hint: 'Affiché aux agents, 80 caractères au plus (ex. SIAM : mutations).' })}
      ${field({ name: 'url', label: 'Adresse', value: v.url, required: true, hint: 'Une adresse http ou https, par exemple https://siam.ac-exemple.fr/.', attrs: html` inputmode="url" spellcheck="false"` })}
      ${field({ name: 'description', label: 'Description', value: v.description, hint: 'Facultatif : ce que l’agent y fait, 400 caractères au plus.' })}
      <div class="field checkbox"><input type="checkbox" id="f-sso" name="sso" value="1"${v.sso ? html` checked` : ''} aria-describedby="f-sso-hint"><label for="f-sso">Sans nouvelle authentification</label></div>
      <span class="hint" id="f-sso-hint">L’application accepte la session de l’agent : elle reçoit un ticket à usage unique, qu’elle valide sur /iprof/services/validation.</span>
      <p><button type="submit" class="btn--primary">Enregistrer le service</button></p>
    </fieldset>
  </form>
</section>`;
}

function guidesSection(input: IprofSettingsInput): SafeHtml {
  return html`<section aria-labelledby="iprof-guides">
  <h2 id="iprof-guides">Les guides</h2>
  <p>Les pages de <a href="${GUIDES_URL}">« Les guides »</a>, écrites en Markdown et classées par thème.</p>
  ${errorOf(input, 'guides')}
  <p><a class="btn btn--primary" href="${IPROF_SETTINGS.newGuide}">Écrire un guide</a></p>
  ${input.guides.length === 0
    ? html`<p class="empty">Aucun guide n’est publié.</p>`
    : byTheme(input.guides).map(({ theme, guides }) => html`<h3>${theme}</h3>
<ul class="iprof-settings-list">${guides.map((guide) => html`<li><a href="${guideUrl(guide.slug)}">${guide.title}</a>
  <span class="hint">mis à jour le <time datetime="${isoDate(new Date(guide.updatedAt))}">${formatLongDate(new Date(guide.updatedAt))}</time> par ${guide.updatedBy}</span>
  <div class="toolbar"><a href="${iprofGuideUrl(guide.slug)}">Modifier<span class="sr-only"> le guide « ${guide.title} »</span></a>
  ${removeButton(input.csrfToken, IPROF_SETTINGS.guideRemove, 'slug', guide.slug, `le guide « ${guide.title} »`)}</div></li>`)}</ul>`)}
</section>`;
}

const breadcrumb = html`<p class="breadcrumb"><a href="${CONSOLE_URL}">Administration</a></p>`;

export function iprofSettingsPage(input: IprofSettingsInput): SafeHtml {
  return html`${breadcrumb}
<h1>Réglages d’I-Prof</h1>
<p>Ces réglages valent pour tous les agents de l’académie dès leur enregistrement ; chacun est écrit au journal des actions.</p>
${themesSection(input)}
${servicesSection(input)}
${guidesSection(input)}`;
}

export interface GuideFormInput {
  csrfToken: string;
  values: GuideFormValues;
  /** The slug of the guide being changed; null for a new one. */
  editing: string | null;
  error?: string | null;
}

/** The guide's form: a new guide's slug may be chosen; a guide being changed keeps its own. */
export function guideFormPage(input: GuideFormInput): SafeHtml {
  const v = input.values;
  const heading = input.editing === null ? 'Écrire un guide' : `Modifier le guide « ${v.title || input.editing} »`;
  return html`<p class="breadcrumb"><a href="${CONSOLE_URL}">Administration</a> › <a href="${IPROF_SETTINGS_URL}">Réglages d’I-Prof</a></p>
<h1>${heading}</h1>
<form method="post" action="${IPROF_SETTINGS.guides}">
  ${csrfField(input.csrfToken)}
  ${errorSummary(input.error)}
  ${field({ name: 'theme', label: 'Thème', value: v.theme, required: true, hint: 'Les guides sont classés par thème (ex. Mutations) ; 80 caractères au plus.' })}
  ${field({ name: 'title', label: 'Titre', value: v.title, required: true, hint: '150 caractères au plus.' })}
  ${input.editing === null
    ? field({ name: 'slug', label: 'Identifiant', value: v.slug, hint: `Facultatif : le dernier mot de l’adresse ${GUIDES_URL}/…, en minuscules, chiffres et tirets (ex. mutations-intra). Tiré du titre s’il est laissé vide.`, attrs: html` spellcheck="false"` })
    : html`<input type="hidden" name="editing" value="${input.editing}">
  <p>Adresse du guide : <a href="${guideUrl(input.editing)}">${guideUrl(input.editing)}</a>.</p>`}
  <div class="field"><label for="f-markdown">Texte (Markdown) <span aria-hidden="true">*</span></label>
  <span class="hint" id="f-markdown-hint">Titres (#), listes, liens http, https ou mailto et tableaux ; ni image, ni script, ni style. 256 Kio au plus.</span>
  <textarea id="f-markdown" name="markdown" rows="20" class="guide-markdown" required aria-describedby="f-markdown-hint">
${v.markdown}</textarea></div>
  <p><button type="submit" class="btn--primary">${input.editing === null ? 'Publier le guide' : 'Enregistrer le guide'}</button> <a href="${IPROF_SETTINGS_URL}">Annuler</a></p>
</form>`;
}
