/**
 * Writing mail: open a composition (new, reply, reply to all, forward, reopen a draft), edit it
 * (fields, attachments uploaded with progress, autosaved draft), send it (now or later) and
 * take it back within the undo window; the directory's suggestions for the address fields; the
 * signature. Every composition is looked up under the signed-in account's own id, and every
 * message it reads or changes over the reader's own IMAP connection: another account's draft or
 * composition is a 404.
 *
 * Forms are multipart (files ride along without JavaScript); they are read here, as they
 * arrive, never buffered whole (compose/multipart-form.ts).
 */
import { Router, type Request, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import type { ComposeDeps } from '../compose/compose-deps.js';
import { formatAddressField, parseAddressField } from '../compose/address-field.js';
import { FIELD_LABELS, readFields, type FieldErrors } from '../compose/compose-fields.js';
import { ADD_RECIPIENT_FIELD } from '../directory/quick-recipients-view.js';
import type { ComposeState } from '../compose/compose-store.js';
import { composeUrl, DIRECTORY_SEARCH_URL, NEW_MESSAGE_URL, SIGNATURE_URL, SUGGESTIONS_URL } from '../compose/compose-urls.js';
import { field, FormError, MAX_TEXT_FIELD_BYTES, readForm, type ParsedForm } from '../compose/multipart-form.js';
import { deleteDraft, saveDraft, type SaveOutcome } from '../compose/save-draft.js';
import { parisInputValue, scheduleAt } from '../compose/schedule-time.js';
import { sendComposition, undoSend } from '../compose/send-composition.js';
import { reopenDraft, startForward, startNew, startReply } from '../compose/start-composition.js';
import { largestFileThatFits, MAX_ATTACHMENTS, tooBigMessage } from '../compose/upload-limits.js';
import { cleanFilename } from '../http/content-disposition.js';
import { seeOther, wantsFragment } from '../http/request-kind.js';
import { findFolder, INBOX, listFolders } from '../mail-client/folders.js';
import { listMessages } from '../mail-client/message-list.js';
import { html } from '../mail-render/index.js';
import { DISPLAY_TIME_ZONE, formatSize } from '../views/format.js';
import { composeAttachments } from '../views/fragments/compose-attachments.js';
import { recipientSuggestions } from '../views/fragments/recipient-suggestions.js';
import { undoBanner } from '../views/fragments/undo-banner.js';
import { composePage, composeTitle, type ComposePageInput } from '../views/pages/compose-page.js';
import { mailboxPage } from '../views/pages/mailbox-page.js';
import { signaturePage } from '../views/pages/signature-page.js';
import { signedIn } from '../web-context.js';
import { NotFoundError } from './errors.js';
import { loadFolder, uidParam } from './params.js';
import { flash, renderPage, sendHtml } from './render.js';

/** The draft saves itself this often while the page is open (plus once when it is left). */
export const AUTOSAVE_SECONDS = 30;
/** Characters of a directory query: a name and a school, not an essay. */
const MAX_DIRECTORY_QUERY_CHARS = 100;
/** Characters of a `to` given in the URL of a new message: a few recipients. */
const MAX_PREFILL_CHARS = 2000;
/** Multipart framing and the text fields around the files of one request. */
const FORM_OVERHEAD_BYTES = 2 * MAX_TEXT_FIELD_BYTES + 1024 * 1024;

/** RFC 6838 4.2 type/subtype names: what a browser says a file is, if it says it properly. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

const START_KINDS = ['reply', 'reply-all', 'forward', 'forward-attached', 'edit'] as const;
type StartKind = (typeof START_KINDS)[number];

const timeOnly = new Intl.DateTimeFormat('fr-FR', { timeZone: DISPLAY_TIME_ZONE, hour: '2-digit', minute: '2-digit' });

function savedText(outcome: SaveOutcome): string {
  if (outcome.kind === 'failed') return outcome.reason;
  if (outcome.kind === 'saved') return `Brouillon enregistré à ${timeOnly.format(outcome.at)}.`;
  return '';
}

/**
 * « À » with one more recipient (a quick recipient's button): kept as typed, the recipient
 * appended unless it is already there or is not one address.
 */
export function withRecipient(to: string, added: string): string {
  const parsed = parseAddressField(added.slice(0, MAX_PREFILL_CHARS), FIELD_LABELS.to);
  const recipient = parsed.ok && parsed.recipients.length === 1 ? parsed.recipients[0]! : null;
  if (!recipient) return to;
  const current = parseAddressField(to, FIELD_LABELS.to);
  if (current.ok && current.recipients.some((r) => r.address.toLowerCase() === recipient.address.toLowerCase())) return to;
  const kept = to.trim().replace(/[,;]\s*$/, '');
  return `${kept ? `${kept}, ` : ''}${formatAddressField([recipient])}`;
}

/** The text being typed in an address field: after the last separator. */
export function currentToken(value: string): string {
  const cut = Math.max(value.lastIndexOf(','), value.lastIndexOf(';'));
  return value.slice(cut + 1).trim().slice(0, MAX_DIRECTORY_QUERY_CHARS);
}

export function composeRoutes(cd: ComposeDeps): Router {
  const router = Router();
  const deps = cd.web;
  const { config } = deps.services;
  const who = (res: Response): Account => signedIn(res.locals).account;

  const roomFor = (sizes: readonly number[]): number => (sizes.length >= MAX_ATTACHMENTS ? 0 : largestFileThatFits(config.maxMessageBytes, sizes));
  const roomOf = (state: ComposeState): number => roomFor(state.attachments.map((a) => a.size));
  const backOf = (state: ComposeState): string => state.origin?.path ?? INBOX;
  /** The attachments fragment of a composition, with an error above it when given. */
  const attachmentsOf = (state: ComposeState, error?: string | null) =>
    composeAttachments({ composeId: state.id, attachments: state.attachments, room: roomOf(state), maxMessageBytes: config.maxMessageBytes, error });

  function load(account: Account, id: string | undefined): ComposeState {
    const state = cd.store.load(account.id, id);
    if (!state) throw new NotFoundError('no such composition');
    return state;
  }

  /** Reads a form of `state`, files streamed to its folder within the room they have. */
  function readComposeForm(req: Request, state: ComposeState, acceptFiles: boolean): Promise<ParsedForm> {
    const existing = state.attachments.map((a) => a.size);
    return readForm(req, {
      roomFor: (accepted) => (acceptFiles ? roomFor([...existing, ...accepted]) : 0),
      tempPath: () => cd.store.tempPath(state),
      maxRequestBytes: config.maxMessageBytes + FORM_OVERHEAD_BYTES,
    });
  }

  /**
   * Takes received files in (under the lock, against the composition as it is now: another
   * upload may have finished meanwhile). Returns the French error for what did not fit.
   */
  function adoptFiles(state: ComposeState, form: ParsedForm): string | null {
    const refused = form.refused.map((f) => ({ filename: f.filename, size: f.size }));
    for (const file of form.files) {
      const room = roomOf(state);
      if (file.size > room) {
        refused.push({ filename: file.filename, size: file.size });
        cd.store.removeTemp(file.path);
        continue;
      }
      cd.store.adopt(state, file.path, {
        filename: cleanFilename(file.filename, 'piece-jointe'),
        contentType: MEDIA_TYPE.test(file.contentType) ? file.contentType.toLowerCase() : 'application/octet-stream',
        size: file.size,
      });
    }
    const first = refused[0];
    if (!first) return null;
    if (state.attachments.length >= MAX_ATTACHMENTS) return `Un message peut avoir ${MAX_ATTACHMENTS} pièces jointes au plus.`;
    return tooBigMessage(first.filename, first.size, config.maxMessageBytes, roomOf(state));
  }

  async function renderCompose(res: Response, account: Account, state: ComposeState, extra: Partial<ComposePageInput> & { status?: number } = {}): Promise<void> {
    const folders = await listFolders(deps.pool, account);
    const { status, ...page } = extra;
    renderPage(deps, res, {
      title: composeTitle(state),
      status: status ?? 200,
      main: composePage({
        state,
        csrfToken: res.locals.csrfToken,
        errors: {},
        room: roomOf(state),
        maxMessageBytes: config.maxMessageBytes,
        sendAtMin: parisInputValue(Date.now()),
        autosaveSeconds: AUTOSAVE_SECONDS,
        quickRecipients: cd.directory.quickRecipients(account.address),
        ...page,
      }),
      folders: { list: folders, current: null },
    });
  }

  function formErrorAnswer(res: Response, err: FormError): void {
    // The rest of an oversized body is not worth reading.
    if (err.status === 413) res.setHeader('Connection', 'close');
    res.status(err.status).type('text').send(err.message);
  }

  // ------------------------------------------------------------------ the directory

  router.get(SUGGESTIONS_URL, (req, res) => {
    const name = typeof req.query.field === 'string' && ['to', 'cc', 'bcc'].includes(req.query.field) ? req.query.field : 'to';
    const value = typeof req.query[name] === 'string' ? (req.query[name] as string).slice(0, 32 * 1024) : '';
    const token = currentToken(value);
    const already = value.toLowerCase();
    const entries = token.length >= 2 ? cd.directory.suggest(token).filter((e) => !already.includes(e.adresse)) : [];
    res.setHeader('Vary', 'HX-Request');
    sendHtml(res, recipientSuggestions(name, entries));
  });

  router.get(DIRECTORY_SEARCH_URL, (req, res) => {
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, MAX_DIRECTORY_QUERY_CHARS) : '';
    res.json(
      cd.directory.suggest(query),
    );
  });

  // ------------------------------------------------------------------ the signature

  router.get(SIGNATURE_URL, async (_req, res) => {
    const account = who(res);
    renderPage(deps, res, {
      title: 'Ma signature',
      main: signaturePage({ signature: cd.signatures.get(account.id), csrfToken: res.locals.csrfToken, account }),
      folders: { list: await listFolders(deps.pool, account), current: null },
    });
  });

  router.post(SIGNATURE_URL, (req, res) => {
    const account = who(res);
    const value = typeof (req.body as Record<string, unknown>)?.signature === 'string' ? ((req.body as Record<string, string>).signature ?? '') : '';
    cd.signatures.set(account.id, value);
    flash(deps, res, 'Votre signature est enregistrée. Elle sera ajoutée à vos prochains messages.');
    seeOther(req, res, SIGNATURE_URL);
  });

  // ------------------------------------------------------------------ opening a composition

  router.get(NEW_MESSAGE_URL, (req, res) => {
    const account = who(res);
    // « Écrire » from the annuaire, or any link: « À » filled in when it holds addresses, as
    // the field writes them back; anything else is left out (the link is anyone's to forge).
    const parsed = typeof req.query.to === 'string' ? parseAddressField(req.query.to.slice(0, MAX_PREFILL_CHARS), FIELD_LABELS.to) : null;
    const state = startNew(cd, account, { to: parsed?.ok ? formatAddressField(parsed.recipients) : '' });
    res.redirect(303, composeUrl(state.id));
  });

  router.get('/mailboxes/:name/messages/:uid/:kind', async (req, res, next) => {
    const kind = req.params.kind as StartKind;
    if (!START_KINDS.includes(kind)) return next();
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    const uid = uidParam(req.params.uid);
    let state: ComposeState | null;
    if (kind === 'edit') {
      state = await reopenDraft(cd, account, folder.path, uid);
    } else if (kind === 'reply' || kind === 'reply-all') {
      state = await startReply(cd, account, folder.path, uid, kind);
    } else {
      const started = await startForward(cd, account, folder.path, uid, kind === 'forward-attached');
      state = started?.state ?? null;
      if (started && started.leftOut.length > 0) {
        flash(deps, res, `Trop volumineux pour être transféré avec le message : ${started.leftOut.join(', ')}.`, 'error');
      }
    }
    if (!state) throw new NotFoundError('no such message');
    res.redirect(303, composeUrl(state.id));
  });

  router.get('/compose/:id', async (req, res) => {
    const account = who(res);
    const state = load(account, req.params.id);
    if (state.sent) {
      res.redirect(303, composeUrl(state.id, 'sent'));
      return;
    }
    await renderCompose(res, account, state);
  });

  // ------------------------------------------------------------------ the form

  router.post('/compose/:id', async (req, res) => {
    const account = who(res);
    const before = load(account, req.params.id);
    // A page answered straight to this POST (a refused send) must not put the form's action,
    // CSRF token included, in the address bar and history.
    if (req.get('HX-Request') === 'true') res.setHeader('HX-Push-Url', composeUrl(before.id));
    let form: ParsedForm;
    try {
      form = await readComposeForm(req, before, true);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      res.setHeader('Connection', 'close');
      await renderCompose(res, account, before, { status: err.status, errors: { form: `${err.message} Les pièces jointes se déposent une par une, ${formatSize(roomOf(before))} au plus.` } });
      return;
    }
    await cd.store.exclusive(account.id, before.id, async () => {
      const state = load(account, before.id);
      if (state.sent) {
        for (const file of form.files) cd.store.removeTemp(file.path);
        seeOther(req, res, composeUrl(state.id, 'sent'));
        return;
      }
      state.fields = readFields(form);
      const attachmentsError = adoptFiles(state, form);
      cd.store.save(state);
      const action = field(form, 'action');
      const remove = field(form, 'remove');
      const added = field(form, ADD_RECIPIENT_FIELD);
      if (remove) {
        cd.store.removeAttachment(state, remove);
        cd.store.save(state);
        seeOther(req, res, composeUrl(state.id));
        return;
      }
      if (attachmentsError) {
        await renderCompose(res, account, state, { status: 413, attachmentsError });
        return;
      }
      if (added) {
        // A quick recipient's button without JavaScript: added to « À », the form shown again.
        state.fields.to = withRecipient(state.fields.to, added);
        cd.store.save(state);
        seeOther(req, res, composeUrl(state.id));
        return;
      }
      switch (action) {
        case 'save': {
          const outcome = await saveDraft(cd, account, state, { force: true });
          if (outcome.kind === 'failed') {
            await renderCompose(res, account, state, { status: 507, draftStatus: outcome.reason, errors: { form: outcome.reason } });
            return;
          }
          flash(deps, res, 'Brouillon enregistré dans Brouillons.');
          seeOther(req, res, composeUrl(state.id));
          return;
        }
        case 'discard': {
          const hadDraft = state.draft !== null;
          await deleteDraft(cd, account, state);
          cd.store.discard(account.id, state.id);
          flash(deps, res, hadDraft ? 'Brouillon supprimé.' : 'Message abandonné.');
          seeOther(req, res, `/mailboxes/${encodeURIComponent(backOf(state))}`);
          return;
        }
        case 'send':
        case 'send-without-copy':
        case 'later': {
          const sendAtValue = field(form, 'sendAt');
          let at: number | null = null;
          if (action === 'later' || (action === 'send-without-copy' && sendAtValue)) {
            const chosen = scheduleAt(sendAtValue);
            if (!chosen.ok) {
              await renderCompose(res, account, state, { status: 422, sendAt: { value: sendAtValue, error: chosen.error } });
              return;
            }
            at = chosen.at;
          }
          const outcome = await sendComposition(cd, account, state, { keepCopy: action !== 'send-without-copy', at, back: backOf(state) });
          if (outcome.kind === 'sent') {
            seeOther(req, res, composeUrl(state.id, 'sent'));
            return;
          }
          const sendAt = sendAtValue ? { value: sendAtValue, error: null } : null;
          if (outcome.kind === 'no-room-for-copy') {
            await renderCompose(res, account, state, { status: 409, noRoomForCopy: { size: outcome.size, free: outcome.free }, sendAt });
            return;
          }
          // A failed send keeps the draft: nothing typed is lost.
          const saved = await saveDraft(cd, account, state, { force: true }).catch(() => null);
          const errors: FieldErrors = outcome.kind === 'invalid' ? outcome.errors : { form: outcome.message };
          await renderCompose(res, account, state, { status: outcome.kind === 'invalid' ? 422 : 503, errors, sendAt, draftStatus: saved ? savedText(saved) : null });
          return;
        }
        default:
          // « Joindre » without JavaScript, or Enter in a field: the page again, as it now is.
          seeOther(req, res, composeUrl(state.id));
      }
    });
  });

  // ------------------------------------------------------------------ attachments (htmx)

  router.post('/compose/:id/attachments', async (req, res) => {
    const account = who(res);
    const before = load(account, req.params.id);
    let form: ParsedForm;
    try {
      form = await readComposeForm(req, before, true);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      res.setHeader('Connection', 'close');
      const error = err.status === 413 ? tooBigMessage('sélectionnée', null, config.maxMessageBytes, roomOf(before)) : err.message;
      sendHtml(res, attachmentsOf(before, error), err.status);
      return;
    }
    await cd.store.exclusive(account.id, before.id, async () => {
      const state = load(account, before.id);
      const error = state.sent ? 'Ce message est déjà parti.' : adoptFiles(state, form);
      if (state.sent) for (const file of form.files) cd.store.removeTemp(file.path);
      cd.store.save(state);
      if (!wantsFragment(req)) {
        if (error) flash(deps, res, error, 'error');
        seeOther(req, res, composeUrl(state.id));
        return;
      }
      sendHtml(res, attachmentsOf(state, error), error ? 413 : 200);
    });
  });

  router.post('/compose/:id/attachments/:attachment/delete', async (req, res) => {
    const account = who(res);
    const id = load(account, req.params.id).id;
    await cd.store.exclusive(account.id, id, async () => {
      const state = load(account, id);
      if (!state.sent && cd.store.removeAttachment(state, req.params.attachment ?? '')) cd.store.save(state);
      if (!wantsFragment(req)) {
        seeOther(req, res, composeUrl(state.id));
        return;
      }
      sendHtml(res, attachmentsOf(state));
    });
  });

  // ------------------------------------------------------------------ autosave

  router.post('/compose/:id/draft', async (req, res) => {
    const account = who(res);
    const before = load(account, req.params.id);
    let form: ParsedForm;
    try {
      form = await readComposeForm(req, before, false);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      formErrorAnswer(res, err);
      return;
    }
    for (const file of form.files) cd.store.removeTemp(file.path);
    await cd.store.exclusive(account.id, before.id, async () => {
      const state = load(account, before.id);
      if (state.sent) {
        res.status(204).end();
        return;
      }
      state.fields = readFields(form);
      cd.store.save(state);
      // The poller's answer lands in a status line: a failure is a sentence there, not an error page.
      const outcome = await saveDraft(cd, account, state).catch((err: unknown): SaveOutcome => {
        deps.services.log.warn({ err, user: account.login }, 'autosave failed');
        return { kind: 'failed', reason: 'Brouillon non enregistré : le serveur de messagerie ne répond pas. Votre texte est gardé sur cette page.' };
      });
      // The page's poller shows the outcome; a beacon sent while leaving reads nothing.
      if (req.get('HX-Request') === 'true') sendHtml(res, html`${savedText(outcome)}`);
      else res.status(outcome.kind === 'failed' ? 507 : 204).end();
    });
  });

  // ------------------------------------------------------------------ after sending

  router.get('/compose/:id/sent', async (req, res) => {
    const account = who(res);
    const state = load(account, req.params.id);
    const sent = state.sent;
    if (!sent) {
      res.redirect(303, composeUrl(state.id));
      return;
    }
    const folders = await listFolders(deps.pool, account);
    const folder = findFolder(folders, sent.back) ?? findFolder(folders, INBOX);
    if (!folder) throw new NotFoundError('no inbox');
    const page = await listMessages(deps.pool, account, folder.path, { page: 1, sort: 'date', order: 'desc' });
    // The queue decides: « Annuler » is offered while no delivery has been attempted.
    const rows = sent.queueId === 0 ? [] : deps.services.outbound.recipients(sent.queueId);
    const open = rows.length > 0 && rows.every((row) => row.status === 'queued' && row.attempts === 0);
    renderPage(deps, res, {
      title: folder.label,
      main: mailboxPage({ folder, folders, page, sort: 'date', order: 'desc', csrfToken: res.locals.csrfToken }),
      folders: { list: folders, current: folder.path },
      banners: undoBanner({
        composeId: state.id,
        csrfToken: res.locals.csrfToken,
        sendAfter: sent.sendAfter,
        scheduled: sent.scheduled,
        open,
        refused: sent.refused,
        copyKept: sent.sentCopy !== null,
      }),
    });
  });

  router.post('/compose/:id/undo', async (req, res) => {
    const account = who(res);
    const id = load(account, req.params.id).id;
    await cd.store.exclusive(account.id, id, async () => {
      const state = load(account, id);
      const outcome = await undoSend(cd, account, state);
      if (outcome === 'too-late') {
        flash(deps, res, 'Trop tard : le message est déjà parti.', 'error');
        seeOther(req, res, composeUrl(state.id, 'sent'));
        return;
      }
      if (outcome === 'undone') flash(deps, res, 'Envoi annulé : le message n’est pas parti. Il est revenu dans vos brouillons.');
      seeOther(req, res, composeUrl(state.id));
    });
  });

  return router;
}
