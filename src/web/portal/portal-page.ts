/**
 * An I-Prof page: the shared layout with I-Prof's header (« I-Prof – Votre assistant
 * Carrière », the name and function, « Quitter », « Aide ») and its six sections in the
 * sidebar, the current one marked. Every page of src/web/portal renders through here.
 */
import type { Response } from 'express';
import { html, type SafeHtml } from '../mail-render/index.js';
import { renderPage } from '../routes/render.js';
import type { WebDeps } from '../web-context.js';
import { SECTIONS, type SectionKey } from './portal-urls.js';

export interface PortalPageOptions {
  title: string;
  main: SafeHtml;
  /** The section the page belongs to (marked in the sidebar); none on the home and help pages. */
  section?: SectionKey | null;
  status?: number;
  /** The reader's unread courriers, when the page has counted them already (else counted here). */
  unread?: number;
}

/** The sections, the current one marked; « Votre Courrier » says how many courriers are unread, as a mailbox would. */
function sidebar(current: SectionKey | null, unread: number): SafeHtml {
  return html`<nav class="iprof-sections" aria-label="Rubriques d’I-Prof"><ul>${SECTIONS.map(({ key, href, label }) =>
    html`<li><a href="${href}"${key === current ? html` aria-current="page"` : ''}>${label}${key === 'courrier' && unread > 0 ? html` <span class="badge">${unread} non lu${unread > 1 ? 's' : ''}</span>` : ''}</a></li>`)}</ul></nav>`;
}

export function renderPortalPage(deps: WebDeps, res: Response, options: PortalPageOptions): void {
  const account = res.locals.account;
  const unread = options.unread ?? (account ? deps.services.portal.courrier.unreadCount(account) : 0);
  renderPage(deps, res, { title: options.title, main: options.main, status: options.status, iprof: { sidebar: sidebar(options.section ?? null, unread) } });
}
