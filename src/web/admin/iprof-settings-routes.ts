/**
 * « Réglages d’I-Prof » (`/admin/iprof`), mounted by adminRoutes behind consoleGuard: admins
 * only (an IEN reads nothing here and posts nothing). The console's side of
 * `webmel iprof theme|service|guide`, through the same PortalSettings (src/admin), which writes
 * each change with its audit entry, the actor being the admin's login:
 * - `GET /admin/iprof`: themes, services and guides (`?service=CODE` fills the service form
 *   with that application, to change it);
 * - `POST /admin/iprof/themes` (`theme`), `…/themes/retirer` (`theme`);
 * - `POST /admin/iprof/services` (`code`, `name`, `url`, `description`, `sso`), `…/services/retirer` (`code`);
 * - `GET /admin/iprof/guides/nouveau` and `/admin/iprof/guides/:slug`: a guide's form, new or to
 *   change; `POST /admin/iprof/guides` (`theme`, `title`, `slug`, `markdown`, `editing`),
 *   `…/guides/retirer` (`slug`).
 * Done: a notice and 303 back to
 * the page. Refused (PortalError: 400 invalid, 404 unknown, 409 taken, 413 too long): the form
 * again with that status, the error at its top and what was typed.
 */
import { Router, type Request, type Response } from 'express';
import { MAX_GUIDE_BYTES, PortalError, type Guide } from '../../portal/index.js';
import { formText } from '../bulletins/bulletin-form.js';
import { seeOther } from '../http/request-kind.js';
import { guideUrl } from '../portal/guides-page.js';
import { flash, renderPage } from '../routes/render.js';
import { errorPage } from '../views/pages/simple-pages.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { IPROF_SETTINGS, IPROF_SETTINGS_URL } from './console-urls.js';
import { guideFormPage, iprofSettingsPage, type GuideFormValues, type IprofSettingsInput, type ServiceFormValues, type SettingsSection } from './iprof-settings-page.js';

/** Past every limit of the domain (an address's 2 000 characters aside), so that it, not a cut, refuses. */
const MAX_FIELD_CHARS = 2000;

type SettingsOptions = Omit<IprofSettingsInput, 'csrfToken' | 'themes' | 'apps' | 'guides'> & { status?: number };

const guideValues = (guide: Guide): GuideFormValues => ({ theme: guide.theme, title: guide.title, slug: guide.slug, markdown: guide.markdown });

export function iprofSettingsRoutes(deps: WebDeps): Router {
  const router = Router();
  const { portal, portalSettings, log } = deps.services;

  const show = (res: Response, options: SettingsOptions = {}) => {
    const { status, ...page } = options;
    renderPage(deps, res, {
      title: page.error ? 'Erreur : réglages d’I-Prof' : 'Réglages d’I-Prof',
      status: status ?? 200,
      main: iprofSettingsPage({ csrfToken: res.locals.csrfToken, themes: portal.courrierThemes.list(), apps: portal.apps.list(), guides: portal.guides.list(), ...page }),
      current: { entry: 'admin', page: false },
    });
  };

  const showGuideForm = (res: Response, values: GuideFormValues, editing: string | null, error?: PortalError) =>
    renderPage(deps, res, {
      title: `${error ? 'Erreur : ' : ''}${editing === null ? 'Écrire un guide' : 'Modifier un guide'}`,
      status: error?.status ?? 200,
      main: guideFormPage({ csrfToken: res.locals.csrfToken, values, editing, error: error?.message ?? null }),
      current: { entry: 'admin', page: false },
    });

  /**
   * Does a change through PortalSettings (`act` returns the notice), then back to the page; its
   * refusal (a PortalError, the change and its audit entry undone) goes to `refuse`.
   */
  const change = (req: Request, res: Response, act: (actor: string) => string, refuse: (err: PortalError) => void) => {
    const actor = signedIn(res.locals).account.login;
    let notice: string;
    try {
      notice = act(actor);
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      refuse(err);
      return;
    }
    log.info({ user: actor, path: req.path }, 'iprof setting changed');
    flash(deps, res, notice);
    seeOther(req, res, IPROF_SETTINGS_URL);
  };

  /** A « Retirer » button's POST: the key in `field`; an unknown key is a 404 in its section. */
  const removal = (url: string, spec: { field: string; section: SettingsSection; remove: (actor: string, typed: string) => string; done: (key: string) => string }) =>
    router.post(url, (req, res) => {
      const typed = formText(req.body, spec.field, MAX_FIELD_CHARS);
      change(req, res, (actor) => spec.done(spec.remove(actor, typed)), (err) => show(res, { status: err.status, error: { section: spec.section, message: err.message } }));
    });

  router.get(IPROF_SETTINGS_URL, (req, res) => {
    const code = typeof req.query.service === 'string' ? req.query.service : '';
    const app = code ? portal.apps.get(code) : null;
    show(res, app ? { service: app } : {});
  });

  // ------------------------------------------------------------------ « Votre courrier »'s themes

  router.post(IPROF_SETTINGS.themes, (req, res) => {
    const typed = formText(req.body, 'theme', MAX_FIELD_CHARS);
    change(req, res, (actor) => {
      const { theme, created } = portalSettings.addTheme(actor, typed);
      return created ? `Thème « ${theme} » autorisé.` : `Le thème « ${theme} » était déjà autorisé.`;
    }, (err) => show(res, { status: err.status, error: { section: 'themes', message: err.message }, theme: typed }));
  });

  removal(IPROF_SETTINGS.themeRemove, {
    field: 'theme',
    section: 'themes',
    remove: (actor, theme) => portalSettings.removeTheme(actor, theme),
    done: (theme) => `Thème « ${theme} » retiré : les courriers qui le portent le gardent.`,
  });

  // ------------------------------------------------------------------ « Les services »

  router.post(IPROF_SETTINGS.services, (req, res) => {
    const values: ServiceFormValues = {
      code: formText(req.body, 'code', MAX_FIELD_CHARS),
      name: formText(req.body, 'name', MAX_FIELD_CHARS),
      url: formText(req.body, 'url', MAX_FIELD_CHARS),
      description: formText(req.body, 'description', MAX_FIELD_CHARS),
      sso: formText(req.body, 'sso') === '1',
    };
    change(req, res, (actor) => {
      const { app, created } = portalSettings.setService(actor, values);
      return `Service ${app.code} ${created ? 'ajouté' : 'modifié'} : ${app.name}${app.sso ? ', sans nouvelle authentification' : ''}.`;
    }, (err) => show(res, { status: err.status, error: { section: 'services', message: err.message }, service: values }));
  });

  removal(IPROF_SETTINGS.serviceRemove, {
    field: 'code',
    section: 'services',
    remove: (actor, code) => portalSettings.removeService(actor, code),
    done: (code) => `Service ${code} retiré.`,
  });

  // ------------------------------------------------------------------ « Les guides »

  // Before `/:slug`: « nouveau » is the new guide's form, not a guide.
  router.get(IPROF_SETTINGS.newGuide, (_req, res) => showGuideForm(res, { theme: '', title: '', slug: '', markdown: '' }, null));

  router.get(`${IPROF_SETTINGS.guides}/:slug`, (req, res) => {
    const guide = portal.guides.get(String(req.params.slug));
    if (!guide) {
      renderPage(deps, res, {
        title: 'Guide introuvable',
        status: 404,
        main: errorPage('Guide introuvable', 'Ce guide n’existe pas, ou il a été retiré.', { href: IPROF_SETTINGS_URL, label: 'Retour aux réglages d’I-Prof' }),
        current: { entry: 'admin', page: false },
      });
      return;
    }
    showGuideForm(res, guideValues(guide), guide.slug);
  });

  router.post(IPROF_SETTINGS.guides, (req, res) => {
    // A guide being changed keeps its slug: the form sends it as `editing`, not as a field to type.
    const editing = formText(req.body, 'editing', MAX_FIELD_CHARS).trim() || null;
    const values: GuideFormValues = {
      theme: formText(req.body, 'theme', MAX_FIELD_CHARS),
      title: formText(req.body, 'title', MAX_FIELD_CHARS),
      slug: editing ?? formText(req.body, 'slug', MAX_FIELD_CHARS),
      // One character past the limit in bytes is already too long: Guides.set says so.
      markdown: formText(req.body, 'markdown', MAX_GUIDE_BYTES + 1),
    };
    change(req, res, (actor) => {
      // A new guide never replaces another one silently: the CLI's `guide add` may, the form may not.
      const { guide, created } = portalSettings.setGuide(actor, values, { replace: editing !== null });
      return `Guide « ${guide.title} » ${created ? 'publié' : 'mis à jour'} : ${guideUrl(guide.slug)}.`;
    }, (err) => showGuideForm(res, values, editing, err));
  });

  removal(IPROF_SETTINGS.guideRemove, {
    field: 'slug',
    section: 'guides',
    remove: (actor, slug) => portalSettings.removeGuide(actor, slug),
    done: (slug) => `Guide ${slug} retiré.`,
  });

  return router;
}
