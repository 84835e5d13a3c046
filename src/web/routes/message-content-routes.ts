/**
 * What a message carries, each on its own endpoint with its own headers:
 * - `/body`: the HTML body for the sandboxed frame, sanitised, under a CSP that is itself a
 *   sandbox (no scripts, opaque origin; popups allowed for links), `default-src 'none'`,
 *   images only inline (`data:`, our cid: images are inlined as data:) unless the reader asked
 *   for remote ones, styles only inline. `nosniff` and `Referrer-Policy: no-referrer`.
 * - `/parts/:part`: an attachment, always `Content-Disposition: attachment` with its name
 *   (RFC 6266 / RFC 8187) and `application/octet-stream` unless its type is harmless; raster
 *   images may also be shown inline (`?inline=1`) for the preview.
 * - `/source`: the whole message as received (.eml).
 */
import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import { PREVIEWABLE_TYPES } from '../mail-client/message-structure.js';
import { openMessageForFrame, streamPart, streamSource } from '../mail-client/message-read.js';
import { contentDisposition } from '../http/content-disposition.js';
import { ClientGoneError } from '../http/write-chunk.js';
import { sanitizeMailHtml, textToHtml, wrapForFrame, type SanitizeMailOptions } from '../mail-render/index.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { NotFoundError } from './errors.js';
import { loadFolder, uidParam } from './params.js';

/** Types an attachment may keep when downloaded; anything else is application/octet-stream. */
const SAFE_DOWNLOAD_TYPES: ReadonlySet<string> = new Set([...PREVIEWABLE_TYPES, 'application/pdf']);

export function frameCsp(allowRemoteImages: boolean): string {
  return [
    // A sandbox without allow-scripts and allow-same-origin; popups so links open in a new tab.
    'sandbox allow-popups allow-popups-to-escape-sandbox',
    "default-src 'none'",
    `img-src data: cid:${allowRemoteImages ? ' https: http:' : ''}`,
    "style-src 'unsafe-inline'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * The frame's document: each text of the message, HTML sanitised and plain text escaped, under
 * the frame's CSP. Also the « Bulletins » page's frame (src/web/bulletins).
 */
export function sendMailFrame(res: Response, texts: ReadonlyArray<{ kind: 'plain' | 'html'; text: string }>, options: SanitizeMailOptions): void {
  const parts = texts.map((t) =>
    t.kind === 'html' ? sanitizeMailHtml(t.text, options).html : `<div style="white-space:pre-wrap;overflow-wrap:anywhere">${textToHtml(t.text)}</div>`,
  );
  res.setHeader('Content-Security-Policy', frameCsp(options.allowRemote));
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(wrapForFrame(parts.join('<hr>')));
}

/** For an attachment shown on its own (image preview): nothing runs, nothing loads. */
const ATTACHMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

async function pipeTo(res: Response, content: NodeJS.ReadableStream): Promise<void> {
  try {
    await pipeline(content, res);
  } catch (err) {
    // A reader who cancels a download is not a fault.
    if (res.destroyed) throw new ClientGoneError('download cancelled', { cause: err });
    throw err;
  }
}

export function messageContentRoutes(deps: WebDeps): Router {
  const router = Router();
  const who = (res: Response): Account => signedIn(res.locals).account;

  router.get('/mailboxes/:name/messages/:uid/body', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    const uid = uidParam(req.params.uid);
    const found = await openMessageForFrame(deps.pool, account, folder.path, uid);
    if (!found) throw new NotFoundError('no such message');
    const { message, images } = found;
    const allowRemote = req.query.images === '1' || deps.trusted.trusts(account.id, message.from[0]?.address);
    sendMailFrame(res, message.texts, { allowRemote, cidUrl: (cid) => images.get(cid) ?? null });
  });

  router.get('/mailboxes/:name/messages/:uid/parts/:part', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    const uid = uidParam(req.params.uid);
    const inline = req.query.inline === '1';
    const found = await streamPart(deps.pool, account, folder.path, uid, req.params.part, async (info, content) => {
      const showInline = inline && info.previewable;
      res.setHeader('Content-Type', SAFE_DOWNLOAD_TYPES.has(info.contentType) ? info.contentType : 'application/octet-stream');
      res.setHeader('Content-Disposition', contentDisposition(showInline ? 'inline' : 'attachment', info.filename));
      res.setHeader('Content-Security-Policy', ATTACHMENT_CSP);
      res.setHeader('Cache-Control', 'private, no-store');
      await pipeTo(res, content);
    });
    if (!found) throw new NotFoundError('no such part');
  });

  router.get('/mailboxes/:name/messages/:uid/source', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    const uid = uidParam(req.params.uid);
    const found = await streamSource(deps.pool, account, folder.path, uid, async (info, content) => {
      res.setHeader('Content-Type', 'application/octet-stream');
      res.setHeader('Content-Disposition', contentDisposition('attachment', `${info.subject || 'message'}.eml`));
      res.setHeader('Content-Security-Policy', ATTACHMENT_CSP);
      res.setHeader('Cache-Control', 'private, no-store');
      await pipeTo(res, content);
    });
    if (!found) throw new NotFoundError('no such message');
  });

  return router;
}
