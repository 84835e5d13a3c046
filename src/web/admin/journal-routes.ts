/**
 * `GET /admin/journal` and `/admin/journal.csv` (issue 21), admins only (consoleGuard): the
 * audit log read through AuditLog.list, its filters from the query string.
 */
import { Router, type Request } from 'express';
import type { AuditQuery } from '../../admin/index.js';
import { parseCivilDate, startOfParisDay } from '../../calendar/index.js';
import { contentDisposition } from '../http/content-disposition.js';
import { renderPage } from '../routes/render.js';
import { csvDocument } from '../views/csv.js';
import type { WebDeps } from '../web-context.js';
import { JOURNAL_CSV_URL, JOURNAL_URL } from './console-urls.js';
import { ACTION_FAMILIES, JOURNAL_CSV_HEADER, JOURNAL_FIELDS, JOURNAL_PAGE_SIZE, journalCsvLine, journalPage, type JournalValues } from './journal-page.js';

/** An export holds the log's twelve months; past this, narrow the filters. */
const MAX_CSV_ENTRIES = 200_000;
const FAMILIES = new Set(ACTION_FAMILIES.map(([value]) => value));

function read(req: Request): { values: JournalValues; query: AuditQuery; page: number; error: string | null } {
  const values = Object.fromEntries(JOURNAL_FIELDS.map((name) => [name, typeof req.query[name] === 'string' ? (req.query[name] as string).trim().slice(0, 200) : ''])) as JournalValues;
  const query: AuditQuery = {};
  let error: string | null = null;
  if (values.depuis) {
    const day = parseCivilDate(values.depuis);
    if (day) query.since = startOfParisDay(day);
    else error = `Date invalide « ${values.depuis} » : attendu AAAA-MM-JJ.`;
  }
  if (values.action && FAMILIES.has(values.action)) query.action = values.action;
  if (values.cible) query.target = values.cible;
  if (values.auteur) query.actor = values.auteur;
  const page = Math.max(1, Math.floor(Number(req.query.page)) || 1);
  return { values, query, page, error };
}

export function journalRoutes(deps: WebDeps): Router {
  const router = Router();
  const { audit } = deps.services;

  router.get(JOURNAL_URL, (req, res) => {
    const { values, query, page, error } = read(req);
    const found = audit.list({ ...query, limit: JOURNAL_PAGE_SIZE + 1, offset: (page - 1) * JOURNAL_PAGE_SIZE });
    const params = (changes: Record<string, string>) => {
      const out = new URLSearchParams();
      for (const name of JOURNAL_FIELDS) if (values[name]) out.set(name, values[name]);
      for (const [name, value] of Object.entries(changes)) out.set(name, value);
      return out.toString();
    };
    renderPage(deps, res, {
      title: 'Journal des actions',
      status: error ? 400 : 200,
      main: journalPage({ entries: found.slice(0, JOURNAL_PAGE_SIZE), values, page, hasNext: found.length > JOURNAL_PAGE_SIZE, query: params, error }),
      current: { entry: 'admin', page: false },
    });
  });

  router.get(JOURNAL_CSV_URL, (req, res) => {
    const { query } = read(req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition('attachment', 'journal-administration.csv'));
    res.end(csvDocument(JOURNAL_CSV_HEADER, audit.list({ ...query, limit: MAX_CSV_ENTRIES }).map(journalCsvLine)));
  });

  return router;
}
