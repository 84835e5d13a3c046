/**
 * « Votre courrier » on the web (issue 22). Every refusal is the domain's (src/portal, Courrier):
 * only one's gestionnaire as recipient, only one's agents as a gestionnaire, the attachment
 * limit; these routes read the forms and render.
 *
 * The forms are multipart (files): their CSRF token rides in the action URL too, checked before
 * a byte of the body is read (csrf.ts). Files are streamed to a temporary folder within the
 * limit (compose's readForm): a request declaring more than the limit allows is refused from
 * its Content-Length, before its upload; one that lies or is chunked is cut at the limit. Either
 * way the answer is a 413 naming the limit, and the connection is closed rather than read on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import {
  MAX_MESSAGE_CHARS,
  MAX_SUBJECT_CHARS,
  PortalError,
  attachmentLimitMessage,
  attachmentLimitText,
  type AgentBox,
  type CourrierFile,
  type QueueFilter,
} from '../../portal/index.js';
import { field as formField, FormError, readForm, type ParsedForm } from '../compose/multipart-form.js';
import { seeOther } from '../http/request-kind.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { flash } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { BOX_URLS, boxPage, courrierUrl, formPage, queuePage, threadPage, type FormValues } from './courrier-pages.js';
import { renderPortalPage } from './portal-page.js';
import { COURRIER_NEW_URL, GESTION_COURRIER_URL } from './portal-urls.js';

/** Room for the text fields around the files: the message (UTF-8, up to 4 bytes a character) and multipart's own lines. */
const TEXT_OVERHEAD_BYTES = MAX_MESSAGE_CHARS * 4 + 64 * 1024;
const QUEUE_STATUSES = new Set<QueueFilter['status']>(['a-traiter', 'traites', 'tous']);

export function courrierRoutes(deps: WebDeps): Router {
  const router = Router();
  const { portal, config, accounts } = deps.services;
  const { courrier } = portal;
  const limit = { text: attachmentLimitText(config.iprof.attachmentBytes), bytes: config.iprof.attachmentBytes };

  const nameOf = (accountId: number | null) => {
    const account = accountId === null ? null : accounts.byId(accountId);
    return account ? `${account.prenom} ${account.nom}` : 'ancien gestionnaire (compte supprimé)';
  };
  const refused = (res: Response, err: PortalError) =>
    renderPortalPage(deps, res, { title: 'Erreur : Votre courrier', section: 'courrier', status: err.status, main: errorMain(err.message) });

  // ------------------------------------------------------------------ the agent's boxes

  const showBox = (box: AgentBox) => (_req: Request, res: Response) => {
    const { account } = signedIn(res.locals);
    const unread = courrier.unreadCount(account);
    renderPortalPage(deps, res, {
      title: `Votre courrier : ${{ recus: 'Reçus', envoyes: 'Envoyés', archives: 'Archives' }[box]}`,
      section: 'courrier',
      unread,
      main: boxPage({
        box,
        items: courrier.box(account, box),
        unread,
        isGestionnaire: courrier.isGestionnaire(account),
        archiveAfterDays: config.iprof.archiveAfterDays,
        nameOf,
        now: new Date(),
      }),
    });
  };
  router.get(BOX_URLS.recus, showBox('recus'));
  router.get(BOX_URLS.envoyes, showBox('envoyes'));
  router.get(BOX_URLS.archives, showBox('archives'));

  // ------------------------------------------------------------------ writing to one's gestionnaire

  const showForm = (res: Response, account: Account, values: FormValues, status = 200, error: string | null = null) => {
    const gestionnaire = courrier.gestionnaireOf(account);
    const unread = courrier.unreadCount(account);
    renderPortalPage(deps, res, {
      title: error ? 'Erreur : Écrire à votre gestionnaire' : 'Écrire à votre gestionnaire',
      section: 'courrier',
      status,
      unread,
      main: formPage({
        csrfToken: res.locals.csrfToken,
        themes: portal.courrierThemes.list(),
        gestionnaireName: gestionnaire ? `${gestionnaire.prenom} ${gestionnaire.nom}` : null,
        values,
        error,
        limit,
        unread,
        isGestionnaire: courrier.isGestionnaire(account),
      }),
    });
  };

  router.get(COURRIER_NEW_URL, (req, res) => {
    const objet = typeof req.query.objet === 'string' ? req.query.objet.slice(0, MAX_SUBJECT_CHARS) : '';
    showForm(res, signedIn(res.locals).account, { subject: objet, message: '', theme: '' });
  });

  router.post(COURRIER_NEW_URL, async (req, res) => {
    const { account } = signedIn(res.locals);
    const replyTo = typeof req.query.repondre === 'string' && /^\d{1,15}$/.test(req.query.repondre) ? Number(req.query.repondre) : null;
    await withUpload(req, res, async (form, files) => {
      const values = { subject: formField(form, 'subject'), message: formField(form, 'message'), theme: formField(form, 'theme') };
      try {
        const sent = await courrier.sendToGestionnaire(account, { ...values, attachments: files, replyTo });
        flash(deps, res, `Votre courrier « ${sent.subject} » est envoyé à votre gestionnaire.`);
        seeOther(req, res, replyTo !== null ? courrierUrl(sent.id) : BOX_URLS.envoyes);
      } catch (err) {
        if (!(err instanceof PortalError)) throw err;
        if (err.status === 413) res.setHeader('Connection', 'close');
        showForm(res, account, values, err.status, err.message);
      }
    }, (status, message) => showForm(res, account, { subject: '', message: '', theme: '' }, status, message));
  });

  // ------------------------------------------------------------------ an exchange, either side

  const showThread = async (res: Response, id: number, status = 200, error: string | null = null, typed?: string) => {
    const { account } = signedIn(res.locals);
    try {
      const thread = await courrier.open(account, id);
      const readerIsAgent = thread[0]!.agentId === account.id;
      const unread = courrier.unreadCount(account);
      renderPortalPage(deps, res, {
        title: error ? `Erreur : ${thread[0]!.subject}` : thread[0]!.subject,
        section: 'courrier',
        status,
        unread,
        main: threadPage({
          csrfToken: res.locals.csrfToken,
          thread,
          readerIsAgent,
          nameOf,
          agentName: nameOf(thread[0]!.agentId),
          limit,
          unread,
          isGestionnaire: courrier.isGestionnaire(account),
          error,
          typed,
        }),
      });
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      refused(res, err);
    }
  };

  router.get('/iprof/courrier/:id', (req, res) => showThread(res, numberParam(req.params.id)));

  router.get('/iprof/courrier/:id/pj/:index', async (req, res) => {
    try {
      const file = await courrier.attachment(signedIn(res.locals).account, numberParam(req.params.id), numberParam(req.params.index));
      // Always a download, never rendered here: the file is the sender's, not ours.
      res.setHeader('Content-Type', 'application/octet-stream');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(file.content);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      refused(res, err);
    }
  });

  router.post('/iprof/courrier/:id/reponse', async (req, res) => {
    const { account } = signedIn(res.locals);
    const id = numberParam(req.params.id);
    await withUpload(req, res, async (form, files) => {
      const message = formField(form, 'message');
      try {
        const sent = await courrier.reply(account, id, { message, attachments: files });
        flash(deps, res, `Votre réponse est envoyée à ${nameOf(sent.agentId)} ; un avis l’attend dans sa messagerie.`);
        seeOther(req, res, courrierUrl(sent.id));
      } catch (err) {
        if (!(err instanceof PortalError)) throw err;
        if (err.status === 413) res.setHeader('Connection', 'close');
        if (err.status === 404) refused(res, err);
        else await showThread(res, id, err.status, err.message, message);
      }
    }, (status, message) => showThread(res, id, status, message));
  });

  router.post('/iprof/courrier/:id/traite', (req, res) => {
    const { account } = signedIn(res.locals);
    try {
      const handled = req.body?.traite !== '0';
      courrier.setHandled(account, numberParam(req.params.id), handled);
      flash(deps, res, handled ? 'Courrier marqué comme traité.' : 'Courrier remis à traiter.');
      seeOther(req, res, GESTION_COURRIER_URL);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      refused(res, err);
    }
  });

  // ------------------------------------------------------------------ the gestionnaire's queue

  router.get(GESTION_COURRIER_URL, (req, res) => {
    const { account } = signedIn(res.locals);
    const agents = courrier.agentsOf(account);
    if (agents.length === 0) {
      refused(res, new PortalError('Cette page est celle des gestionnaires : l’annuaire ne vous confie aucun agent.', 403));
      return;
    }
    const status = typeof req.query.statut === 'string' && QUEUE_STATUSES.has(req.query.statut as QueueFilter['status']) ? (req.query.statut as QueueFilter['status']) : 'a-traiter';
    const theme = typeof req.query.theme === 'string' && req.query.theme.trim() !== '' ? req.query.theme.trim().slice(0, 80) : null;
    const filter = { status, theme };
    const page = typeof req.query.page === 'string' && /^\d{1,6}$/.test(req.query.page) ? Math.max(1, Number(req.query.page)) : 1;
    const { items, hasNext } = courrier.queue(account, filter, page);
    renderPortalPage(deps, res, {
      title: page > 1 ? `Courrier de vos agents, page ${page}` : 'Courrier de vos agents',
      section: 'courrier',
      main: queuePage({ items, filter, page, hasNext, themes: courrier.queueThemes(account), nameOf, agentCount: agents.length, now: new Date() }),
    });
  });

  /**
   * Reads a courrier form, its files into a temporary folder within the limit, runs `use`, and
   * removes the folder whatever happens. A form too large or unreadable goes to `refuse`.
   */
  async function withUpload(
    req: Request,
    res: Response,
    use: (form: ParsedForm, files: CourrierFile[]) => Promise<void>,
    refuse: (status: number, message: string) => void | Promise<void>,
  ): Promise<void> {
    const limit = config.iprof.attachmentBytes;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-courrier-'));
    let serial = 0;
    try {
      let form: ParsedForm;
      try {
        form = await readForm(req, {
          roomFor: (accepted) => limit - accepted.reduce((sum, size) => sum + size, 0),
          tempPath: () => path.join(folder, `${++serial}.part`),
          maxRequestBytes: limit + TEXT_OVERHEAD_BYTES,
        });
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        if (err.status === 413) res.setHeader('Connection', 'close');
        await refuse(err.status, err.status === 413 ? attachmentLimitMessage(limit) : err.message);
        return;
      }
      if (form.refused.length > 0) {
        res.setHeader('Connection', 'close');
        await refuse(413, attachmentLimitMessage(limit));
        return;
      }
      await use(form, form.files.map((f) => ({ filename: f.filename, contentType: f.contentType, path: f.path, size: f.size })));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }

  return router;
}

/** A decimal id from the URL, or NaN (which the domain answers with a 404). */
function numberParam(value: string | undefined): number {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
}

function errorMain(message: string): SafeHtml {
  return html`<h1>Votre courrier</h1><div class="banner banner--danger" role="alert"><p>${message}</p></div><p><a href="${BOX_URLS.recus}">Retour à votre courrier</a></p>`;
}
