/**
 * `/admin/journal`: the audit log (issue 21; CNIL practice, shared/domain.md §6.4), read-only:
 * who did what, when, to whom and why, newest first, filtered by a GET form (since a day, an
 * action family, a target, an actor), 50 a page, and exported as CSV with the same filters.
 */
import type { AuditEntry } from '../../admin/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { formatLongDate } from '../views/format.js';
import { CONSOLE_URL, JOURNAL_CSV_URL, JOURNAL_URL } from './console-urls.js';

export const JOURNAL_PAGE_SIZE = 50;
export const JOURNAL_FIELDS = ['depuis', 'action', 'cible', 'auteur'] as const;
export type JournalValues = Record<(typeof JOURNAL_FIELDS)[number], string>;

/** The action families offered (AuditLog.list matches a prefix: `quota` is every `quota.*`). */
export const ACTION_FAMILIES: ReadonlyArray<[string, string]> = [
  ['', 'toutes'],
  ['quota', 'quotas'],
  ['account', 'comptes'],
];

export const JOURNAL_CSV_HEADER = ['date', 'auteur', 'action', 'cible', 'motif', 'details'] as const;

export function journalCsvLine(e: AuditEntry): Array<string | number | null> {
  return [new Date(e.at).toISOString(), e.actor, e.action, e.target, e.reason, JSON.stringify(e.details)];
}

function details(d: AuditEntry['details']): string {
  return Object.entries(d).map(([k, v]) => `${k} = ${v === null ? '–' : String(v)}`).join(', ');
}

export interface JournalPageInput {
  entries: readonly AuditEntry[];
  values: JournalValues;
  page: number;
  hasNext: boolean;
  query: (changes: Record<string, string>) => string;
  error?: string | null;
}

export function journalPage(input: JournalPageInput): SafeHtml {
  const v = input.values;
  const text = (name: keyof JournalValues, label: string, type = 'text', hint = '') => html`<div class="field"><label for="f-${name}">${label}</label>${hint ? html`<span class="hint" id="f-${name}-hint">${hint}</span>` : ''}
    <input id="f-${name}" name="${name}" type="${type}" value="${v[name]}"${hint ? html` aria-describedby="f-${name}-hint"` : ''}></div>`;
  return html`<p class="breadcrumb"><a href="${CONSOLE_URL}">Administration</a></p>
<h1>Journal des actions d’administration</h1>
<p>Chaque action d’un administrateur, depuis la console ou la ligne de commande, conservée 12 mois. Lecture seule.</p>
<form method="get" action="${JOURNAL_URL}" class="form-card filters" role="search" aria-label="Filtrer le journal">
  ${input.error ? html`<div class="banner banner--danger" role="alert"><p>${input.error}</p></div>` : ''}
  ${text('depuis', 'Depuis le', 'date', 'Format : AAAA-MM-JJ')}
  <div class="field"><label for="f-action">Actions</label><select id="f-action" name="action">${ACTION_FAMILIES.map(([value, label]) => html`<option value="${value}"${value === v.action ? html` selected` : ''}>${label}</option>`)}</select></div>
  ${text('cible', 'Compte visé (identifiant)')}
  ${text('auteur', 'Auteur (identifiant)')}
  <p class="toolbar"><button type="submit" class="btn--primary">Filtrer</button> <a href="${JOURNAL_URL}">Effacer les filtres</a>
  <a href="${JOURNAL_CSV_URL}?${input.query({})}" download>Exporter en CSV</a></p>
</form>
${input.entries.length === 0 ? html`<p class="empty">Aucune action ne correspond à ces critères.</p>` : html`<div class="table-scroll"><table>
  <caption class="sr-only">Actions, des plus récentes aux plus anciennes, page ${input.page}</caption>
  <thead><tr><th scope="col">Date</th><th scope="col">Auteur</th><th scope="col">Action</th><th scope="col">Compte visé</th><th scope="col">Motif</th><th scope="col">Détails</th></tr></thead>
  <tbody>${input.entries.map((e) => html`<tr><td>${formatLongDate(new Date(e.at))}</td><td>${e.actor}</td><td><code>${e.action}</code></td><td>${e.target ?? '–'}</td><td>${e.reason}</td><td>${details(e.details)}</td></tr>`)}</tbody>
</table></div>`}
${input.page > 1 || input.hasNext ? html`<nav class="pager" aria-label="Pages du journal"><p>
  ${input.page > 1 ? html`<a href="${JOURNAL_URL}?${input.query({ page: String(input.page - 1) })}" rel="prev">Page précédente</a>` : ''}
  <span aria-current="page">Page ${input.page}</span>
  ${input.hasNext ? html`<a href="${JOURNAL_URL}?${input.query({ page: String(input.page + 1) })}" rel="next">Page suivante</a>` : ''}
</p></nav>` : ''}`;
}
