/**
 * « Les guides » (`/iprof/guides`): the administration's pages, a heading per theme; and one
 * guide (`/iprof/guides/:slug`), its Markdown shown through guideHtml's allowlist, which is why
 * it alone may go into the page unescaped.
 */
import { guideHtml, type Guide } from '../../portal/index.js';
import { html, raw, type SafeHtml } from '../mail-render/index.js';
import { formatLongDate, isoDate } from '../views/format.js';
import { GUIDES_URL } from './portal-urls.js';

export const guideUrl = (slug: string) => `${GUIDES_URL}/${encodeURIComponent(slug)}`;

/** Guides by theme, in the order given (Guides.list sorts by theme, then title); the console lists them so too. */
export function byTheme(guides: readonly Guide[]): Array<{ theme: string; guides: Guide[] }> {
  const themes = new Map<string, Guide[]>();
  for (const guide of guides) themes.set(guide.theme, [...(themes.get(guide.theme) ?? []), guide]);
  return [...themes].map(([theme, list]) => ({ theme, guides: list }));
}

export function guidesPage(guides: readonly Guide[]): SafeHtml {
  return html`<h1>Les guides</h1>
<p>Informez-vous sur les procédures de gestion qui vous concernent : mutations, promotions, congés, concours…</p>
${guides.length === 0
    ? html`<p class="empty">Aucun guide n’est publié pour le moment.</p>`
    : byTheme(guides).map(({ theme, guides: list }) => html`<section class="iprof-guides-theme">
  <h2>${theme}</h2>
  <ul>${list.map((guide) => html`<li><a href="${guideUrl(guide.slug)}">${guide.title}</a></li>`)}</ul>
</section>`)}`;
}

export function guidePage(guide: Guide): SafeHtml {
  const updated = new Date(guide.updatedAt);
  return html`<p><a href="${GUIDES_URL}">← Tous les guides</a></p>
<h1>${guide.title}</h1>
<p class="hint">Thème : ${guide.theme}. Mis à jour le <time datetime="${isoDate(updated)}">${formatLongDate(updated)}</time>.</p>
<div class="iprof-guide">${raw(guideHtml(guide.markdown))}</div>`;
}

export function unknownGuidePage(): SafeHtml {
  return html`<h1>Guide introuvable</h1>
<p>Ce guide n’existe pas, ou l’administration l’a retiré.</p>
<p><a class="btn" href="${GUIDES_URL}">Retour aux guides</a></p>`;
}
