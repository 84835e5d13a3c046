/**
 * `/admin/comptes`: the accounts, fullest first, with the filters (a plain GET form), sortable
 * column headers (links, with aria-sort on the sorted one), 50 a page, and the CSV export of
 * every matching account. An IEN sees the accounts of their circonscription only.
 */
import { ROLES } from '../../accounts/account-store.js';
import type { QuotaPage, QuotaRow, QuotaSort } from '../../admin/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { formatSize } from '../views/format.js';
import { listQueryString, type ListQuery } from './account-list.js';
import { ACCOUNTS_CSV_URL, ACCOUNTS_URL, CONSOLE_URL, accountUrl } from './console-urls.js';

export const WARNED_TEXT: Record<number, string> = { 0: 'aucun', 80: '80 %', 95: '95 %', 100: 'boîte pleine' };

export const ACCOUNTS_CSV_HEADER = ['identifiant', 'adresse', 'nom', 'role', 'degre', 'uai', 'circonscription', 'etat', 'octets_utilises', 'quota_octets', 'pourcentage', 'messages', 'dernier_avertissement', 'refus_7j'] as const;

export function accountCsvLine(r: QuotaRow): Array<string | number | null> {
  return [r.login, r.address, r.name, r.role, r.degree, r.uai, r.circonscription, r.disabled ? 'désactivé' : 'actif', r.usedBytes, r.limitBytes, String(r.percent).replace('.', ','), r.messages, r.warnedLevel, r.refused7d];
}

const percentText = (p: number) => `${p.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;

function sortHeader(q: ListQuery, sort: QuotaSort, label: string, numeric = false): SafeHtml {
  const current = q.sort === sort;
  // A click on the sorted column reverses it; on another, its natural order (fullest, then A to Z).
  const descending = current ? !q.descending : sort !== 'login';
  const href = `${ACCOUNTS_URL}?${listQueryString(q, { tri: sort, ordre: descending ? 'desc' : 'asc', page: 1 })}`;
  const state = current ? (q.descending ? 'descending' : 'ascending') : null;
  const hint = current ? (q.descending ? ' (tri décroissant ; inverser)' : ' (tri croissant ; inverser)') : ' (trier)';
  return html`<th scope="col"${numeric ? html` class="num"` : ''}${state ? html` aria-sort="${state}"` : ''}><a href="${href}">${label}<span class="sr-only">${hint}</span>${state ? html`<span aria-hidden="true">${q.descending ? ' ▼' : ' ▲'}</span>` : ''}</a></th>`;
}

function row(r: QuotaRow): SafeHtml {
  return html`<tr>
  <td><a href="${accountUrl(r.login)}">${r.login}</a>${r.disabled ? html` <span class="tag">désactivé</span>` : ''}</td>
  <td>${r.name}<br><span class="hint">${r.address}</span></td>
  <td>${r.role}${r.degree ? ` (${r.degree})` : ''}<br><span class="hint">${r.uai ?? ''}${r.circonscription ? ` ${r.circonscription}` : ''}</span></td>
  <td class="num">${percentText(r.percent)}</td>
  <td class="num">${formatSize(r.usedBytes)} / ${formatSize(r.limitBytes)}</td>
  <td class="num">${r.refused7d.toLocaleString('fr-FR')}</td>
</tr>`;
}

function select(name: string, label: string, value: string, options: ReadonlyArray<[string, string]>): SafeHtml {
  return html`<div class="field"><label for="f-${name}">${label}</label>
  <select id="f-${name}" name="${name}">${options.map(([v, text]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${text}</option>`)}</select></div>`;
}

function input(name: string, label: string, value: string, hint?: string): SafeHtml {
  return html`<div class="field"><label for="f-${name}">${label}</label>${hint ? html`<span class="hint" id="f-${name}-hint">${hint}</span>` : ''}
  <input id="f-${name}" name="${name}" type="text" value="${value}"${hint ? html` aria-describedby="f-${name}-hint"` : ''}></div>`;
}

function filterForm(q: ListQuery): SafeHtml {
  const v = q.values;
  return html`<form method="get" action="${ACCOUNTS_URL}" class="form-card filters" role="search" aria-label="Filtrer les comptes">
  ${input('q', 'Identifiant, adresse ou nom', v.q)}
  ${select('min', 'Remplissage', v.pleine === '1' ? '100' : v.min, [['', 'tous'], ['80', '80 % ou plus'], ['95', '95 % ou plus'], ['100', 'pleines (100 %)']])}
  <div class="checkbox"><input type="checkbox" id="f-refuse" name="refuse" value="1"${v.refuse === '1' ? html` checked` : ''}><label for="f-refuse">Courrier refusé (boîte pleine) ces 7 derniers jours</label></div>
  ${select('role', 'Rôle', v.role, [['', 'tous'], ...ROLES.map((r): [string, string] => [r, r])])}
  ${select('degre', 'Degré', v.degre, [['', 'tous'], ['1d', '1er degré'], ['2d', '2nd degré']])}
  ${input('circonscription', 'Circonscription', v.circonscription, 'Son nom, par exemple « Marseille 5 – Saint-Just »')}
  ${input('uai', 'Établissement (UAI)', v.uai, 'Par exemple 0131234W')}
  <input type="hidden" name="tri" value="${q.sort}"><input type="hidden" name="ordre" value="${q.descending ? 'desc' : 'asc'}">
  <p class="toolbar"><button type="submit" class="btn--primary">Filtrer</button> <a href="${ACCOUNTS_URL}">Effacer les filtres</a></p>
</form>`;
}

function pager(q: ListQuery, page: QuotaPage): SafeHtml | '' {
  if (page.pages <= 1) return '';
  const link = (n: number, label: string, rel: string) => html`<a href="${ACCOUNTS_URL}?${listQueryString(q, { page: n })}" rel="${rel}">${label}</a>`;
  return html`<nav class="pager" aria-label="Pages de la liste"><p>
  ${page.page > 1 ? link(page.page - 1, 'Page précédente', 'prev') : ''}
  <span aria-current="page">Page ${page.page} sur ${page.pages}</span>
  ${page.page < page.pages ? link(page.page + 1, 'Page suivante', 'next') : ''}
</p></nav>`;
}

export interface AccountsPageInput {
  query: ListQuery;
  page: QuotaPage;
  /** For an IEN: the circonscriptions shown (read-only). */
  circonscriptions: readonly string[];
  readOnly: boolean;
}

export function accountsPage(input: AccountsPageInput): SafeHtml {
  const { query: q, page } = input;
  return html`${input.readOnly ? '' : html`<p class="breadcrumb"><a href="${CONSOLE_URL}">Administration</a></p>`}
<h1>Comptes${input.circonscriptions.length ? html` de la circonscription ${input.circonscriptions.join(', ')}` : ''}</h1>
${input.readOnly ? html`<p>Consultation seule : les comptes des personnes affectées à votre circonscription ou à l’une de ses écoles, selon l’annuaire.</p>` : ''}
${filterForm(q)}
<p role="status">${page.total.toLocaleString('fr-FR')} ${page.total === 1 ? 'compte correspond' : 'comptes correspondent'} aux critères.
  <a href="${ACCOUNTS_CSV_URL}?${listQueryString(q, { page: 1 })}" download>Exporter en CSV</a> <span class="hint">(tous les comptes retenus, pas seulement cette page)</span></p>
${page.rows.length === 0 ? html`<p class="empty">Aucun compte ne correspond à ces critères.</p>` : html`<div class="table-scroll"><table class="accounts">
  <caption class="sr-only">Comptes, page ${page.page} sur ${page.pages}</caption>
  <thead><tr>${sortHeader(q, 'login', 'Identifiant')}<th scope="col">Nom et adresse</th><th scope="col">Rôle et affectation</th>${sortHeader(q, 'percent', 'Remplissage', true)}${sortHeader(q, 'bytes', 'Espace utilisé', true)}<th scope="col" class="num">Refus (7 j)</th></tr></thead>
  <tbody>${page.rows.map(row)}</tbody>
</table></div>`}
${pager(q, page)}`;
}
