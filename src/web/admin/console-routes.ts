/**
 * The admin console's pages that read (issue 21), mounted by adminRoutes behind consoleGuard:
 * - `GET /admin`: the dashboard (admins);
 * - `GET /admin/comptes` and `/admin/comptes.csv`: the account list and its export, the same
 *   filters and sort; the rows are read once per request (QuotaOverviewReader.rows), then
 *   narrowed to an IEN's circonscription;
 * - `GET /admin/comptes/:login`: the account page, with the action forms for an admin
 *   (account-action-routes.ts answers them);
 * - `GET /admin/comptes/:login/courrier.mbox`: the account's mail as mbox (admins), audited.
 */
import { Readable } from 'node:stream';
import { Router, type Request, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import { AdminError, mboxChunks } from '../../admin/index.js';
import { contentDisposition } from '../http/content-disposition.js';
import { renderPage } from '../routes/render.js';
import { csvDocument } from '../views/csv.js';
import { errorPage } from '../views/pages/simple-pages.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { readListQuery } from './account-list.js';
import { accountPage, type AccountPageInput } from './account-page.js';
import { ACCOUNTS_CSV_HEADER, accountCsvLine, accountsPage } from './accounts-page.js';
import { consoleScope, type ConsoleScope } from './console-scope.js';
import { ACCOUNTS_CSV_URL, ACCOUNTS_URL, CONSOLE_URL } from './console-urls.js';
import { dashboardPage } from './dashboard-page.js';

const DAY_MS = 86_400_000;
const LARGEST = 10;
const RECENT_REFUSALS = 20;

/** Sends the 403 page (an IEN outside their circonscription, or without one). */
export function refuse(deps: WebDeps, res: Response, message: string): void {
  renderPage(deps, res, { title: 'Accès réservé', status: 403, main: errorPage('Accès réservé', message, { href: '/', label: 'Retour à l’accueil' }) });
}

const NO_CIRCONSCRIPTION = 'L’annuaire ne vous rattache à aucune circonscription : il n’y a aucun compte à vous montrer.';

export function scopeOf(deps: WebDeps, res: Response): ConsoleScope | null {
  return consoleScope(deps.services, signedIn(res.locals).account);
}

/** The account the URL names, if this viewer may see it; otherwise the answer is sent and null returned. */
export function accountFor(deps: WebDeps, req: Request, res: Response, scope: ConsoleScope): Account | null {
  let account: Account;
  try {
    account = deps.services.admin.account(String(req.params.login ?? ''));
  } catch (err) {
    if (!(err instanceof AdminError)) throw err;
    renderPage(deps, res, { title: 'Compte introuvable', status: err.status, main: errorPage('Compte introuvable', err.message, { href: ACCOUNTS_URL, label: 'Retour à la liste des comptes' }) });
    return null;
  }
  if (scope.includes && !scope.includes(account)) {
    refuse(deps, res, 'Ce compte n’est pas celui d’une personne de votre circonscription.');
    return null;
  }
  return account;
}

/** What the account page shows, read for one account. */
export function accountFacts(deps: WebDeps, account: Account): Omit<AccountPageInput, 'csrfToken' | 'readOnly'> {
  const { store, policy, refusals, sessions, serverStats, admin } = deps.services;
  const usage = store.usage(account.id);
  return {
    account,
    usedBytes: usage.usedBytes,
    limitBytes: policy.limitFor(account),
    messages: usage.messageCount,
    warnedLevel: usage.warnedLevel,
    folders: store.folderUsage(account.id),
    // Size, date, sender and folder: the subject and the text never leave the store here.
    largest: store.largestMessages(account.id, LARGEST).map((m) => ({ size: m.size, internalDate: m.internalDate, fromText: m.fromText, folder: m.mailboxName })),
    refusals: refusals.list({ since: Date.now() - 30 * DAY_MS, accountId: account.id, limit: RECENT_REFUSALS }),
    webSessions: sessions.listForAccount(account.id),
    imapSessions: serverStats.imapSessionsOf(account.id),
    departing: admin.autoReplyFor(account.id) !== null,
  };
}

export function consoleRoutes(deps: WebDeps): Router {
  const router = Router();
  const { quotaOverview } = deps.services;

  router.get(CONSOLE_URL, (_req, res) => {
    renderPage(deps, res, { title: 'Administration', main: dashboardPage(quotaOverview.overview()), current: { entry: 'admin', page: true } });
  });

  /** Every account this viewer may see, read once for the request. */
  const rowsFor = (scope: ConsoleScope) => {
    const rows = quotaOverview.rows();
    return scope.includes ? rows.filter(scope.includes) : rows;
  };

  router.get(ACCOUNTS_URL, (req, res) => {
    const scope = scopeOf(deps, res);
    if (!scope) return refuse(deps, res, NO_CIRCONSCRIPTION);
    const query = readListQuery(req.query);
    const page = quotaOverview.page(query.filter, query.sort, query.descending, query.page, rowsFor(scope));
    renderPage(deps, res, {
      title: 'Comptes',
      main: accountsPage({ query: { ...query, page: page.page }, page, readOnly: scope.readOnly, circonscriptions: scope.circonscriptions.map((c) => c.nom) }),
      current: { entry: 'admin', page: false },
    });
  });

  router.get(ACCOUNTS_CSV_URL, (req, res) => {
    const scope = scopeOf(deps, res);
    if (!scope) return refuse(deps, res, NO_CIRCONSCRIPTION);
    const query = readListQuery(req.query);
    const rows = quotaOverview.select(query.filter, query.sort, query.descending, rowsFor(scope));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition('attachment', 'comptes.csv'));
    res.end(csvDocument(ACCOUNTS_CSV_HEADER, rows.map(accountCsvLine)));
  });

  router.get(`${ACCOUNTS_URL}/:login`, (req, res) => {
    const scope = scopeOf(deps, res);
    if (!scope) return refuse(deps, res, NO_CIRCONSCRIPTION);
    const account = accountFor(deps, req, res, scope);
    if (!account) return;
    renderPage(deps, res, {
      title: `Compte ${account.login}`,
      main: accountPage({ ...accountFacts(deps, account), csrfToken: res.locals.csrfToken, readOnly: scope.readOnly }),
      current: { entry: 'admin', page: false },
    });
  });

  router.get(`${ACCOUNTS_URL}/:login/courrier.mbox`, (req, res) => {
    const scope = scopeOf(deps, res);
    if (!scope || scope.readOnly) return refuse(deps, res, 'Cette page est réservée aux administrateurs de la messagerie.');
    const account = accountFor(deps, req, res, scope);
    if (!account) return;
    const { audit, store } = deps.services;
    audit.record({ actor: signedIn(res.locals).account.login, action: 'account.export-mbox', target: account.login, details: { messages: store.usage(account.id).messageCount } });
    res.setHeader('Content-Type', 'application/mbox');
    res.setHeader('Content-Disposition', contentDisposition('attachment', `${account.login}.mbox`));
    // Pulled message by message as the socket drains: a 50 Mo box is never held whole.
    Readable.from(mboxChunks(store, account.id)).pipe(res);
  });

  return router;
}
