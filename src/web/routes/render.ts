/**
 * Sends a whole page: the layout around a view, with the reader's quota meter, the pending
 * notice, the élections banner while the vote is open (unless hidden in this session) and, on
 * mail pages, the folder list. Notices stored with a leading `!` are errors.
 */
import type { Response } from 'express';
import { electionBanner } from '../election/election-banner.js';
import { electionOpen } from '../election/election-period.js';
import type { Folder } from '../mail-client/folders.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { quotaView, type QuotaView } from '../quota-view.js';
import { folderList } from '../views/fragments/folder-list.js';
import { layout, type LayoutInput } from '../views/layout.js';
import type { WebDeps } from '../web-context.js';

export interface PageOptions {
  title: string;
  main: SafeHtml;
  status?: number;
  /** Mail pages: the folder list, with the current folder marked. */
  folders?: { list: readonly Folder[]; current: string | null };
  banners?: SafeHtml | '';
  /** The main navigation's current entry; mail pages (those with the folder list) are « Messagerie ». */
  current?: LayoutInput['current'];
  /** An I-Prof page (src/web/portal): its header, and its sections in the sidebar. */
  iprof?: { sidebar: SafeHtml };
}

export function sendHtml(res: Response, markup: SafeHtml, status = 200): void {
  // Encoded here, once: given a string, res.end would measure its UTF-8 length for
  // Content-Length (a pass over the 50 KB of a list page) before encoding it into the socket,
  // and res.send would also hash it for an ETag. Fragments kept encoded (a list's rows) are
  // copied as they are.
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  const chunks = markup.chunks();
  res.end(chunks.length === 1 ? toBuffer(chunks[0]!) : Buffer.concat(chunks.map(toBuffer)));
}

function toBuffer(chunk: string | Buffer): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** Stores a notice for the next page (`error` ones are shown as alerts). */
export function flash(deps: WebDeps, res: Response, message: string, kind: 'ok' | 'error' = 'ok'): void {
  if (res.locals.session) deps.sessions.setFlash(res.locals.session.id, kind === 'error' ? `!${message}` : message);
}

/** The élections banner, for a signed-in reader past her NUMEN, while the vote is open and until she hides it. */
function electionNotice(deps: WebDeps, res: Response, quota: QuotaView | null): SafeHtml | '' {
  const { account, session } = res.locals;
  const period = deps.services.config.election;
  if (!account || account.passwordIsNumen || !session || session.electionBannerHiddenAt !== null) return '';
  if (!electionOpen(period, Date.now())) return '';
  // « Masquer » without JavaScript comes back here; a page answering a form goes to the inbox.
  const back = res.req.method === 'GET' ? res.req.originalUrl : '/mailboxes/INBOX';
  return electionBanner({ period, quota, csrfToken: res.locals.csrfToken, back });
}

export function renderPage(deps: WebDeps, res: Response, options: PageOptions): void {
  const { account, session } = res.locals;
  const pending = session ? deps.sessions.takeFlash(session) : null;
  const isError = pending?.startsWith('!') ?? false;
  const notice = pending && isError ? pending.slice(1) : pending;
  const quota = account && !account.passwordIsNumen && !options.iprof ? quotaView(deps.services, account) : null;
  const banners = html`${electionNotice(deps, res, quota)}${isError && notice ? html`<div class="banner banner--danger" role="alert"><p>${notice}</p></div>` : ''}${options.banners ?? ''}`;
  const page = layout({
    title: options.title,
    main: options.main,
    assets: deps.assets,
    csrfToken: res.locals.csrfToken,
    account,
    quota,
    folders: options.iprof ? options.iprof.sidebar : options.folders ? folderList(options.folders.list, options.folders.current) : null,
    app: options.iprof ? 'iprof' : 'messagerie',
    flash: isError ? null : notice,
    banners,
    current: options.current ?? (options.folders ? { entry: 'mail', page: false } : null),
  });
  sendHtml(res, page, options.status ?? 200);
}
