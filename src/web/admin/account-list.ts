/**
 * The console's account list (issue 21) as the query string says it: the QuotaFilter fields, the
 * sort and its direction, the page. Read from a GET form and from the column headers' links,
 * written back into them, so that a list is a URL one can bookmark or send.
 */
import type { QuotaFilter, QuotaSort } from '../../admin/index.js';

export interface ListQuery {
  filter: QuotaFilter;
  sort: QuotaSort;
  descending: boolean;
  page: number;
  /** The fields as typed, for the form. */
  values: Record<ListField, string>;
}

export const LIST_FIELDS = ['q', 'min', 'pleine', 'refuse', 'role', 'degre', 'circonscription', 'uai'] as const;
export type ListField = (typeof LIST_FIELDS)[number];

const SORTS: ReadonlySet<string> = new Set<QuotaSort>(['percent', 'bytes', 'login']);
const MAX_QUERY_CHARS = 200;

function text(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  return typeof value === 'string' ? value.trim().slice(0, MAX_QUERY_CHARS) : '';
}

export function readListQuery(query: Record<string, unknown>): ListQuery {
  const values = Object.fromEntries(LIST_FIELDS.map((name) => [name, text(query, name)])) as Record<ListField, string>;
  const filter: QuotaFilter = {};
  const min = Number(values.min.replace(',', '.'));
  if (values.min !== '' && Number.isFinite(min) && min > 0) filter.minPercent = min;
  if (values.pleine === '1') filter.full = true;
  if (values.refuse === '1') filter.refusedRecently = true;
  if (values.role) filter.role = values.role;
  if (values.degre) filter.degree = values.degre;
  if (values.circonscription) filter.circonscription = values.circonscription;
  if (values.uai) filter.uai = values.uai;
  if (values.q) filter.query = values.q;
  const sortText = text(query, 'tri');
  const sort: QuotaSort = SORTS.has(sortText) ? (sortText as QuotaSort) : 'percent';
  const order = text(query, 'ordre');
  const descending = order === 'asc' ? false : order === 'desc' ? true : sort !== 'login';
  const page = Math.max(1, Math.floor(Number(text(query, 'page'))) || 1);
  return { filter, sort, descending, page, values };
}

/** The query string of this list with some parameters changed (the empty ones left out). */
export function listQueryString(q: ListQuery, changes: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const name of LIST_FIELDS) if (q.values[name]) params.set(name, q.values[name]);
  params.set('tri', q.sort);
  params.set('ordre', q.descending ? 'desc' : 'asc');
  if (q.page > 1) params.set('page', String(q.page));
  for (const [name, value] of Object.entries(changes)) params.set(name, String(value));
  if (params.get('page') === '1') params.delete('page');
  return params.toString();
}
