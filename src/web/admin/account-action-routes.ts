/**
 * The account page's forms (issue 21), each `POST /admin/comptes/:login/<action>`, admins only
 * (consoleGuard refuses every POST of anyone else): the action is AdminActions', which checks
 * it, does it and writes its audit entry in one transaction. Done: a notice on the account page
 * (303). Refused (AdminError: 400 invalid, 404 unknown, 409 changed meanwhile or the last
 * admin): the account page again with that status, the error at the top of the form, and what
 * was typed.
 */
import { Router, type Request, type Response } from 'express';
import type { Degree, Role } from '../../accounts/account-store.js';
import { AdminError, type Actor, type Profile } from '../../admin/index.js';
import { endOfParisDay, parseCivilDate } from '../../calendar/index.js';
import { seeOther } from '../http/request-kind.js';
import { flash, renderPage } from '../routes/render.js';
import { formatSize, plural } from '../views/format.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { accountPage, type ActionValues } from './account-page.js';
import { accountFacts, accountFor, scopeOf } from './console-routes.js';
import { ACCOUNT_ACTIONS, ACCOUNTS_URL, accountUrl, type AccountAction } from './console-urls.js';

const MAX_FIELD_CHARS = 500;

function values(body: unknown): ActionValues {
  const out: ActionValues = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (name !== '_csrf' && typeof value === 'string') out[name] = value.slice(0, MAX_FIELD_CHARS);
  }
  return out;
}

/** « 75 », « 75,5 » Mo; empty: the académie's limit. */
function quotaBytes(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const mb = Number(trimmed.replace(',', '.'));
  if (!/^\d+(?:[.,]\d+)?$/.test(trimmed) || !Number.isFinite(mb)) throw new AdminError(`Quota invalide : « ${trimmed} » (un nombre de Mo, par exemple 100).`);
  return Math.round(mb * 1024 * 1024);
}

/** The quota the admin saw: empty for the académie's, else bytes. */
function expectedBytes(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === '') return null;
  if (!/^\d+$/.test(text)) throw new AdminError('Formulaire incomplet : rechargez la page.');
  return Number(text);
}

const orNull = (text: string | undefined) => (text?.trim() ? text.trim() : null);

function profileOf(v: ActionValues, prefix = ''): Profile {
  return {
    role: (v[`${prefix}role`] ?? '') as Role,
    degree: (orNull(v[`${prefix}degree`]) as Degree | null),
    uai: orNull(v[`${prefix}uai`])?.toUpperCase() ?? null,
    circonscription: orNull(v[`${prefix}circonscription`]),
  };
}

type Act = (actor: Actor, login: string, v: ActionValues) => string;

export function accountActionRoutes(deps: WebDeps): Router {
  const router = Router();
  const { admin } = deps.services;

  const acts: Record<AccountAction, Act> = {
    quota: (actor, login, v) => {
      const bytes = quotaBytes(v.quota_mb ?? '');
      const account = admin.setQuota(actor, login, bytes, v.reason ?? '', expectedBytes(v.expected));
      return `Quota de ${account.login} : ${account.quotaBytes === null ? 'valeur de l’académie' : formatSize(account.quotaBytes)}.`;
    },
    recalc: (actor, login) => {
      const { before, after, drift } = admin.recalc(actor, login);
      return drift === 0
        ? `Espace recalculé : ${formatSize(after)}, aucun écart.`
        : `Espace recalculé : ${formatSize(after)} au lieu de ${formatSize(before)} (écart de ${drift > 0 ? '+' : '−'}${formatSize(Math.abs(drift))}).`;
    },
    remind: (actor, login) => {
      admin.remind(actor, login);
      return 'Rappel « Pensez à vider votre messagerie » envoyé.';
    },
    purgeTrash: (actor, login) => {
      const { messages, bytes } = admin.purgeTrash(actor, login);
      return `Corbeille vidée : ${plural(messages, 'message supprimé', 'messages supprimés')}, ${formatSize(bytes)} libérés.`;
    },
    disable: (actor, login, v) => `Compte ${admin.disable(actor, login, v.reason ?? '').login} désactivé.`,
    enable: (actor, login, v) => `Compte ${admin.enable(actor, login, v.reason ?? '').login} réactivé.`,
    resetPassword: (actor, login, v) => `Mot de passe de ${admin.resetPassword(actor, login, v.reason ?? '').login} remis au NUMEN : un nouveau sera choisi à la prochaine connexion.`,
    unlock: (actor, login) => `Blocage levé : ${plural(admin.unlock(actor, login), 'tentative effacée', 'tentatives effacées')}.`,
    revokeSessions: (actor, login, v) => `${plural(admin.revokeSessions(actor, login, v.reason ?? ''), 'session fermée', 'sessions fermées')}.`,
    profile: (actor, login, v) => {
      const account = admin.setProfile(actor, login, profileOf(v), v.reason ?? '', v.expected_role === undefined ? undefined : profileOf(v, 'expected_'));
      return `Profil de ${account.login} enregistré : ${account.role}${account.degree ? ` (${account.degree})` : ''}.`;
    },
    depart: (actor, login, v) => {
      const day = parseCivilDate((v.reply_until ?? '').trim());
      if (!day) throw new AdminError(`Date invalide « ${v.reply_until ?? ''} » : attendu AAAA-MM-JJ.`);
      const { account } = admin.depart(actor, login, { replyUntil: endOfParisDay(day), successor: orNull(v.successor), reason: v.reason ?? '' });
      return `Départ de ${account.login} enregistré : réponse automatique jusqu’au ${day}, puis suppression de la boîte.`;
    },
  };

  for (const action of Object.keys(ACCOUNT_ACTIONS) as AccountAction[]) {
    router.post(`${ACCOUNTS_URL}/:login/${ACCOUNT_ACTIONS[action]}`, (req: Request, res: Response) => {
      const scope = scopeOf(deps, res);
      if (!scope || scope.readOnly) throw new Error('consoleGuard lets only admins post');
      const account = accountFor(deps, req, res, scope);
      if (!account) return;
      const v = values(req.body);
      const actor = { login: signedIn(res.locals).account.login };
      let notice: string;
      try {
        notice = acts[action](actor, account.login, v);
      } catch (err) {
        if (!(err instanceof AdminError)) throw err;
        const fresh = deps.services.accounts.byId(account.id) ?? account;
        renderPage(deps, res, {
          title: `Erreur : compte ${account.login}`,
          status: err.status,
          main: accountPage({ ...accountFacts(deps, fresh), csrfToken: res.locals.csrfToken, readOnly: false, error: { action, message: err.message, status: err.status }, values: v }),
          current: { entry: 'admin', page: false },
        });
        return;
      }
      deps.services.log.info({ user: actor.login, target: account.login, action }, 'admin action');
      flash(deps, res, notice);
      seeOther(req, res, accountUrl(account.login));
    });
  }

  return router;
}
