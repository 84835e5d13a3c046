/**
 * « Votre CV » (issue 22): the agent's own, and only theirs (the gestionnaire reads it on the
 * agent's page, dossier-routes.ts).
 *
 * - `GET /iprof/cv`: the form with the latest version, and the history.
 * - `POST /iprof/cv` (`base_version` and one field per section): a new version. Based on a
 *   version that is no longer the latest: 409, the form as typed with the newer version beside
 *   it, and the next save based on that one; nothing typed is lost.
 * - `GET /iprof/cv/versions/:version`: an earlier version, read-only.
 */
import { Router, type Response } from 'express';
import { CV_SECTIONS, CvConflictError, PortalError, cvContent, type CvContent, type CvVersion } from '../../portal/index.js';
import { seeOther } from '../http/request-kind.js';
import { html } from '../mail-render/index.js';
import { flash } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { cvFieldsOf, cvPage, cvVersionPage, versionLine } from './cv-page.js';
import { renderPortalPage } from './portal-page.js';
import { CV_URL } from './portal-urls.js';

/** A section's field as posted; a field posted twice (a forged form) keeps its first value. */
function fieldText(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

export function cvRoutes(deps: WebDeps): Router {
  const router = Router();
  const { cvs } = deps.services.portal;

  const page = (
    res: Response,
    options: { current: CvVersion | null; values?: Record<keyof CvContent, string>; status?: number; error?: string; conflict?: CvVersion },
  ) => {
    const { account } = signedIn(res.locals);
    renderPortalPage(deps, res, {
      title: options.error ? 'Erreur : votre CV' : 'Votre CV',
      section: 'cv',
      status: options.status,
      main: cvPage({
        csrfToken: res.locals.csrfToken,
        current: options.current,
        values: options.values ?? cvFieldsOf(options.current),
        history: cvs.history(account.id),
        error: options.error ?? null,
        conflict: options.conflict ?? null,
      }),
    });
  };

  router.get(CV_URL, (_req, res) => page(res, { current: cvs.latest(signedIn(res.locals).account.id) }));

  router.post(CV_URL, (req, res) => {
    const { account } = signedIn(res.locals);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = Object.fromEntries(CV_SECTIONS.map(({ key }) => [key, fieldText(body, key)])) as Record<keyof CvContent, string>;
    const base = /^\d{1,9}$/.test(fieldText(body, 'base_version')) ? Number(fieldText(body, 'base_version')) : -1;
    let saved: CvVersion | null;
    try {
      if (base < 0) throw new PortalError('Version de départ manquante : rechargez la page de votre CV.', 400);
      saved = cvs.save(account.id, base, cvContent(typed));
    } catch (err) {
      if (err instanceof CvConflictError) {
        // The form is now based on the version saved in between: saving again is a choice made with both in view.
        page(res, { current: err.latest, values: typed, status: 409, error: err.message, conflict: err.latest });
        return;
      }
      if (!(err instanceof PortalError)) throw err;
      page(res, { current: cvs.latest(account.id), values: typed, status: err.status, error: err.message });
      return;
    }
    flash(deps, res, saved ? `Votre CV est enregistré : ${versionLine(saved).charAt(0).toLowerCase()}${versionLine(saved).slice(1)}.` : 'Aucune modification : votre CV reste tel qu’il était.');
    seeOther(req, res, CV_URL);
  });

  router.get(`${CV_URL}/versions/:version`, (req, res) => {
    const { account } = signedIn(res.locals);
    const number = /^\d{1,9}$/.test(String(req.params.version)) ? Number(req.params.version) : 0;
    const cv = number > 0 ? cvs.version(account.id, number) : null;
    if (!cv) {
      renderPortalPage(deps, res, { title: 'Version introuvable', section: 'cv', status: 404, main: cvVersionMissing() });
      return;
    }
    renderPortalPage(deps, res, { title: `Votre CV : version ${cv.version}`, section: 'cv', main: cvVersionPage(cv, cvs.latest(account.id)?.version ?? cv.version) });
  });

  return router;
}

function cvVersionMissing() {
  return html`<h1>Version introuvable</h1><p>Votre CV n’a pas de version de ce numéro. <a href="${CV_URL}">Retour à votre CV</a>.</p>`;
}
