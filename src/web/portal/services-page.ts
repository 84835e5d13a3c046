/**
 * « Les services » (`/iprof/services`): the applications the administration configured (SIAM,
 * SIAP, SIAC…), each with its « Ouvrir » link. That link leaves for another origin: htmx must
 * not fetch it (the page's CSP allows connect-src 'self' only, and a body swap of another site
 * is not what anyone wants), so it is a plain navigation (hx-boost="false").
 */
import type { PortalApp } from '../../portal/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { SERVICES_URL } from './portal-urls.js';

/** « Ouvrir »: issues the one-time ticket, then sends the browser on (services-routes.ts). */
export const serviceOpeningUrl = (code: string) => `${SERVICES_URL}/${encodeURIComponent(code)}/ouvrir`;

export function servicesPage(apps: readonly PortalApp[]): SafeHtml {
  return html`<h1>Les services</h1>
<p>Utilisez les services applicatifs internet de l’administration : SIAP pour vos demandes de promotion, SIAM pour vos demandes de mutation, SIAC pour vous inscrire à des concours…</p>
${apps.length === 0
    ? html`<p class="empty">Aucun service n’est proposé pour le moment. L’administration de votre académie les ajoute au fil des campagnes.</p>`
    : html`<ul class="iprof-home-sections iprof-services">${apps.map((app) => html`<li>
  <h2 id="service-${app.code}">${app.name}</h2>
  ${app.description ? html`<p>${app.description}</p>` : ''}
  <p class="hint">${app.sso ? 'Ouverture sans nouvelle authentification.' : 'Cette application vous demandera de vous identifier.'}</p>
  <p><a class="btn" href="${serviceOpeningUrl(app.code)}" hx-boost="false">Ouvrir<span class="sr-only"> ${app.name}</span></a></p>
</li>`)}</ul>`}`;
}

export function unknownServicePage(): SafeHtml {
  return html`<h1>Service introuvable</h1>
<p>Ce service n’existe pas, ou l’administration l’a retiré.</p>
<p><a class="btn" href="${SERVICES_URL}">Retour aux services</a></p>`;
}
