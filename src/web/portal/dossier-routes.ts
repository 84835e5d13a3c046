/**
 * « Votre dossier » and the gestionnaire's side of it (issue 22).
 *
 * - `GET /iprof/dossier`: the agent's own dossier, read-only, with « Signaler un changement
 *   de situation » (a courrier to the gestionnaire). `POST` there is refused (403): the
 *   dossier is the gestionnaire's to write.
 * - `GET /iprof/gestion`: the agents the annuaire gives the signed-in gestionnaire; an admin
 *   may also open any agent by login (`?agent=`).
 * - `GET|POST /iprof/gestion/agents/:login`: one agent's dossier to edit, and their CV to
 *   read. Only the agent's gestionnaire (the annuaire says who) and the admins: anyone else,
 *   the agent included, gets 403 with the reason.
 */
import { Router, type Request, type Response } from 'express';
import type { Account } from '../../accounts/index.js';
import { parisDay } from '../../calendar/index.js';
import { DossierFieldError, PortalError, type DossierInput } from '../../portal/index.js';
import { seeOther } from '../http/request-kind.js';
import { html } from '../mail-render/index.js';
import { flash } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { dossierInputFrom, dossierInputOf } from './dossier-view.js';
import { agentDossierPage, gestionAgentPage, gestionListPage, type AgentRow } from './gestion-page.js';
import { renderPortalPage } from './portal-page.js';
import { DOSSIER_URL, GESTION_URL, gestionAgentUrl } from './portal-urls.js';

const AGENT_URL_PATTERN = `${GESTION_URL}/agents/:login`;

export function dossierRoutes(deps: WebDeps): Router {
  const router = Router();
  const { portal, directory, accounts } = deps.services;

  const refuse = (res: Response, status: number, message: string) =>
    renderPortalPage(deps, res, { title: 'Accès refusé', status, main: refusal(message) });

  router.get(DOSSIER_URL, (_req, res) => {
    const { account } = signedIn(res.locals);
    const gestionnaire = directory.gestionnaireOf(account.address);
    renderPortalPage(deps, res, {
      title: 'Votre dossier',
      section: 'dossier',
      main: agentDossierPage(portal.dossiers.of(account.id), gestionnaire ? `${gestionnaire.prenom} ${gestionnaire.nom}` : null),
    });
  });

  router.post(DOSSIER_URL, (_req, res) => {
    refuse(res, 403, 'Votre dossier est tenu par votre gestionnaire : vous ne pouvez pas le modifier vous-même. Pour signaler une erreur ou un changement, utilisez « Signaler un changement de situation ».');
  });

  router.get(GESTION_URL, (req, res) => {
    const { account } = signedIn(res.locals);
    const wanted = typeof req.query.agent === 'string' ? req.query.agent.trim() : '';
    if (wanted !== '') {
      seeOther(req, res, gestionAgentUrl(wanted.toLowerCase()));
      return;
    }
    const people = directory.agentsOf(account.address);
    if (people.length === 0 && account.role !== 'admin' && account.role !== 'gestionnaire') {
      refuse(res, 403, 'Cette page est réservée aux gestionnaires et aux administrateurs : l’annuaire ne vous désigne comme gestionnaire d’aucun agent.');
      return;
    }
    const agents = people.map((person): AgentRow => {
      const holder = accounts.byAddress(person.address);
      return {
        name: `${person.prenom} ${person.nom}`,
        fonction: person.fonction,
        login: holder?.login ?? null,
        hasDossier: holder ? portal.dossiers.of(holder.id) !== null : false,
      };
    });
    renderPortalPage(deps, res, { title: 'Gestion des dossiers', main: gestionListPage({ agents, isAdmin: account.role === 'admin' }) });
  });

  /** The agent the URL names, if the signed-in account may manage them; otherwise the refusal is sent. */
  const managedAgent = (req: Request, res: Response): Account | null => {
    const { account: viewer } = signedIn(res.locals);
    const login = String(req.params.login ?? '').toLowerCase();
    const found = accounts.byLoginOrAddress(login);
    const agent = found && found.login === login ? found : null;
    if (agent && agent.id === viewer.id && viewer.role !== 'admin') {
      refuse(res, 403, 'Votre dossier est tenu par votre gestionnaire : vous pouvez le consulter dans « Votre dossier », mais pas le modifier. Pour signaler une erreur ou un changement, écrivez à votre gestionnaire.');
      return null;
    }
    if (viewer.role === 'admin') {
      if (!agent) refuse(res, 404, `Aucun compte n’a l’identifiant « ${login} ».`);
      return agent;
    }
    // The same answer for an unknown login and another's agent: a gestionnaire learns nothing of who exists.
    if (!agent || !directory.manages(viewer.address, agent.address)) {
      refuse(res, 403, 'Vous n’êtes pas le gestionnaire de cet agent : seuls son gestionnaire, désigné par l’annuaire, et les administrateurs peuvent consulter et modifier son dossier.');
      return null;
    }
    return agent;
  };

  const agentPage = (res: Response, agent: Account, values: DossierInput | null, status = 200, error: DossierFieldError | PortalError | null = null) => {
    const dossier = portal.dossiers.of(agent.id);
    renderPortalPage(deps, res, {
      title: error ? `Erreur : dossier de ${agent.prenom} ${agent.nom}` : `Dossier de ${agent.prenom} ${agent.nom}`,
      status,
      main: gestionAgentPage({
        agent,
        dossier,
        cv: portal.cvs.latest(agent.id),
        form: {
          action: gestionAgentUrl(agent.login),
          csrfToken: res.locals.csrfToken,
          values: values ?? dossierInputOf(dossier),
          corpsNames: portal.grids.all.map((grid) => grid.corps.toLowerCase()),
          basedOn: dossier?.updatedAt ?? null,
          error: error ? { message: error.message, field: error instanceof DossierFieldError ? error.field : null } : null,
        },
      }),
    });
  };

  router.get(AGENT_URL_PATTERN, (req, res) => {
    const agent = managedAgent(req, res);
    if (agent) agentPage(res, agent, null);
  });

  router.post(AGENT_URL_PATTERN, (req, res) => {
    const agent = managedAgent(req, res);
    if (!agent) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = dossierInputFrom(body);
    // The form always sends the version it showed; a client without it saves unconditionally, as the import does.
    const basedOn = typeof body.base === 'string' ? (/^\d{1,15}$/.test(body.base) ? Number(body.base) : null) : undefined;
    try {
      const by = signedIn(res.locals).account.login;
      // Who changed an agent's administrative file, and when: as every change an administrator makes.
      portal.dossiers.save(agent.id, values, by, parisDay(Date.now()), Date.now(), basedOn, () =>
        deps.services.audit.record({ actor: by, action: 'iprof.dossier.set', target: agent.login }),
      );
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      agentPage(res, agent, values, err.status, err);
      return;
    }
    flash(deps, res, `Le dossier de ${agent.prenom} ${agent.nom} est enregistré.`);
    seeOther(req, res, gestionAgentUrl(agent.login));
  });

  return router;
}

function refusal(message: string) {
  return html`<h1>Accès refusé</h1><div class="banner banner--danger" role="alert"><p>${message}</p></div>`;
}
