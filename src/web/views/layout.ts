/**
 * The page shell: French, a skip link, a header with the quota meter and « Se déconnecter »,
 * the folder list (mail pages), the main content and a footer with the accessibility status.
 * htmx enhances it: `hx-boost` turns links and forms into body swaps, and `hx-headers` sends the
 * CSRF token with every htmx request. Both sit on a wrapper inside <body>, not on <body> itself:
 * a boosted swap replaces the body's content but keeps its attributes, and the token changes
 * when the reader signs in. The htmx config turns its history
 * cache off, so no message content is written to localStorage.
 */
import type { Account } from '../../accounts/account-store.js';
import { CSRF_HEADER } from '../http/csrf.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import type { QuotaView } from '../quota-view.js';
import type { Assets } from '../static/assets.js';
import { csrfField } from './form-fields.js';
import { quotaFullBanner, quotaMeter } from './fragments/quota-meter.js';

/**
 * htmx settings: no history cache (mail stays out of localStorage), no eval, requests only to us,
 * and error answers swapped in like any page: a refused form (400, 401, 429) comes back as the
 * form with its error, an error page as the page, instead of htmx silently ignoring them.
 */
const HTMX_CONFIG = JSON.stringify({
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  defaultFocusScroll: true,
});

export interface LayoutInput {
  title: string;
  main: SafeHtml;
  assets: Assets;
  csrfToken: string;
  account?: Account | null;
  quota?: QuotaView | null;
  /** The folder list (mail pages only). */
  folders?: SafeHtml | null;
  flash?: string | null;
  banners?: SafeHtml | '' | null;
  /** The main navigation's current entry: `page` on its own page, `section` on a page under it. */
  current?: { entry: NavEntry; page: boolean } | null;
  /**
   * Which of the two applications of the one sign-in the page belongs to: the webmail
   * (« Messagerie », the default) or I-Prof, the career portal (issue 22), whose header reads
   * « I-Prof – Votre assistant Carrière » with « Quitter » and « Aide » as in the seed, and
   * whose sections take the folder list's place (`folders`).
   */
  app?: 'messagerie' | 'iprof';
}

export type NavEntry = 'mail' | 'annuaire' | 'greve' | 'bulletins' | 'syndicat' | 'admin';

/** `role`: the entry is shown to that role only. */
const NAV: ReadonlyArray<{ entry: NavEntry; href: string; label: string; role?: Account['role'] }> = [
  { entry: 'mail', href: '/mailboxes/INBOX', label: 'Messagerie' },
  { entry: 'annuaire', href: '/annuaire', label: 'Annuaire' },
  { entry: 'greve', href: '/greve', label: 'Grève' },
  { entry: 'bulletins', href: '/bulletins', label: 'Bulletins' },
  { entry: 'syndicat', href: '/diffusion-syndicale', label: 'Diffusion syndicale', role: 'syndicat' },
  { entry: 'admin', href: '/admin', label: 'Administration', role: 'admin' },
  { entry: 'admin', href: '/admin/comptes', label: 'Comptes de la circonscription', role: 'ien' },
];

/** The signed-in pages' main navigation (RGAA 12.2: the same place on every page). */
function mainNav(current: LayoutInput['current'], account: Account): SafeHtml {
  const entries = NAV.filter((item) => item.role === undefined || item.role === account.role);
  return html`<nav class="main-nav" aria-label="Navigation principale"><ul>${entries.map(({ entry, href, label }) => {
    const here = current?.entry === entry ? (current.page ? 'page' : 'true') : null;
    return html`<li><a href="${href}"${here ? html` aria-current="${here}"` : ''}>${label}</a></li>`;
  })}</ul></nav>`;
}

/** The user's name and, as the seed's header shows it, their function (« professeur des écoles »). */
function identity(account: Account): SafeHtml {
  return html`<span class="identity"><span class="identity__name">${account.prenom} ${account.nom}</span>${account.fonction ? html`<span class="identity__fonction">${account.fonction}</span>` : ''}</span>`;
}

function userMenu(account: Account, csrfToken: string, app: 'messagerie' | 'iprof'): SafeHtml {
  const logout = (label: string) => html`<form method="post" action="/logout">${csrfField(csrfToken)}<button type="submit" class="btn--link">${label}</button></form>`;
  if (app === 'iprof') {
    return html`<div class="user-menu">${identity(account)}${logout('Quitter')}<a href="/iprof/aide">Aide</a></div>`;
  }
  return html`<div class="user-menu">
  ${identity(account)}
  <a href="/account">Mon compte</a>
  ${logout('Se déconnecter')}
</div>`;
}

/** « Messagerie » and « I-Prof »: the two applications of the one sign-in (issue 22). */
function appSwitch(app: 'messagerie' | 'iprof'): SafeHtml {
  const link = (to: 'messagerie' | 'iprof', href: string, label: string) =>
    html`<li><a href="${href}"${to === app ? html` aria-current="true"` : ''}>${label}</a></li>`;
  return html`<nav class="app-switch" aria-label="Applications"><ul>${link('messagerie', '/mailboxes/INBOX', 'Messagerie')}${link('iprof', '/iprof', 'I-Prof')}</ul></nav>`;
}

export function layout(input: LayoutInput): SafeHtml {
  const { account, quota, assets } = input;
  const app = input.app ?? 'messagerie';
  const ready = account && !account.passwordIsNumen;
  const hxHeaders = JSON.stringify({ [CSRF_HEADER]: input.csrfToken });
  return html`<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<meta name="referrer" content="same-origin">
<title>${input.title} – ${app === 'iprof' ? 'I-Prof' : 'Webmel'}</title>
<link rel="stylesheet" href="${assets.css.url}">
<script src="${assets.htmx.url}" defer></script>
<script src="${assets.appJs.url}" defer></script>
</head>
<body>
<div class="page" hx-boost="true" hx-headers="${hxHeaders}">
<a class="skip-link" href="#contenu">Aller au contenu</a>
${input.folders && app === 'messagerie' ? html`<a class="skip-link" href="#live-folders">Aller aux dossiers</a>` : ''}
<header class="site-header">
  ${app === 'iprof'
    ? html`<div class="brand"><a href="/iprof">I-Prof</a><span>Votre assistant Carrière</span></div>`
    : html`<div class="brand"><a href="/">Webmel</a><span>Messagerie académique</span></div>`}
  ${ready ? appSwitch(app) : ''}
  ${quota ? quotaMeter(quota) : ''}
  ${account ? userMenu(account, input.csrfToken, app) : ''}
  ${ready && app === 'messagerie' ? mainNav(input.current, account) : ''}
</header>
${quota ? quotaFullBanner(quota) : ''}
${input.banners ?? ''}
<div class="layout${input.folders ? '' : ' layout--single'}">
  ${input.folders ?? ''}
  <main id="contenu" tabindex="-1">
    <div id="live-status" class="sr-only" role="status" aria-live="polite"></div>
    ${input.flash ? html`<div class="banner banner--ok" role="status"><p>${input.flash}</p></div>` : ''}
    ${input.main}
  </main>
</div>
<footer class="site-footer">
  <p>Webmel – messagerie académique. <a href="/accessibilite">Accessibilité : non conforme</a> (audit RGAA à venir).</p>
</footer>
</div>
</body>
</html>`;
}
