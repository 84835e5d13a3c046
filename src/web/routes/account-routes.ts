/**
 * « Mon compte »: password (chosen at the first sign-in, changed later), active sessions,
 * trusted senders for remote images. Every change acts on the signed-in account only: ids in
 * the URL are checked against it.
 */
import { Router } from 'express';
import { hashSecret, verifySecretOrDummy } from '../../accounts/password.js';
import { passwordProblem } from '../auth/password-rules.js';
import { localPath } from '../http/local-path.js';
import { clientIp, seeOther } from '../http/request-kind.js';
import { accountPage } from '../views/pages/account-page.js';
import { passwordPage } from '../views/pages/password-page.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { flash, renderPage } from './render.js';

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, 2048) : '';
}

export function accountRoutes(deps: WebDeps): Router {
  const router = Router();
  const { accounts, auth } = deps.services;

  router.get('/account', (_req, res) => {
    const { account, session } = signedIn(res.locals);
    renderPage(deps, res, {
      title: 'Mon compte',
      main: accountPage({
        account,
        csrfToken: res.locals.csrfToken,
        current: session,
        sessions: deps.sessions.listForAccount(account.id),
        trustedSenders: deps.trusted.list(account.id),
        unionRefusals: deps.services.bulletins.unsubscriptions(account.id),
      }),
    });
  });

  router.get('/account/password', (_req, res) => {
    const { account } = signedIn(res.locals);
    renderPage(deps, res, {
      title: account.passwordIsNumen ? 'Choisissez votre mot de passe' : 'Changer de mot de passe',
      main: passwordPage({ csrfToken: res.locals.csrfToken, forced: account.passwordIsNumen }),
    });
  });

  router.post('/account/password', async (req, res) => {
    const { account, session } = signedIn(res.locals);
    const forced = account.passwordIsNumen;
    const show = (status: number, error: string) =>
      renderPage(deps, res, { title: 'Mot de passe', status, main: passwordPage({ csrfToken: res.locals.csrfToken, forced, error }) });
    const password = field(req.body, 'password');
    const problem = passwordProblem(password, field(req.body, 'confirmation'));
    if (problem) return show(400, problem);
    if (!forced) {
      // The current password proves it is still the owner at the keyboard; failures count like
      // sign-ins. The session already proves the browser: the 24-hour rule does not apply.
      const stored = accounts.secrets(account.id)?.passwordHash ?? null;
      const proof = { account, login: account.login, client: { ip: clientIp(req) }, accountRule: false };
      const outcome = await auth.checkSecret(proof, () => verifySecretOrDummy(field(req.body, 'current'), stored));
      if (outcome === 'limited') return show(429, 'Trop de tentatives échouées. Réessayez dans 15 minutes.');
      if (outcome !== 'ok') return show(401, 'Le mot de passe actuel est incorrect.');
    }
    accounts.setPasswordHash(account.id, await hashSecret(password), false);
    deps.sessions.deleteOthers(account.id, session.id);
    deps.services.log.info({ user: account.login }, forced ? 'password chosen at first sign-in' : 'password changed');
    flash(deps, res, forced ? 'Votre mot de passe est enregistré. Bienvenue dans votre messagerie.' : 'Votre mot de passe a été modifié. Vos autres sessions ont été fermées.');
    res.redirect(303, forced ? '/mailboxes/INBOX' : '/account');
  });

  router.post('/account/sessions/others/delete', (req, res) => {
    const { account, session } = signedIn(res.locals);
    const count = deps.sessions.deleteOthers(account.id, session.id);
    flash(deps, res, count === 0 ? 'Aucune autre session n’était ouverte.' : `${count} autre${count > 1 ? 's' : ''} session${count > 1 ? 's' : ''} fermée${count > 1 ? 's' : ''}.`);
    seeOther(req, res, '/account');
  });

  router.post('/account/sessions/:id/delete', (req, res) => {
    const { account } = signedIn(res.locals);
    const id = Number(req.params.id);
    // deleteOwned matches the account too: another account's session id does nothing.
    const done = Number.isSafeInteger(id) && deps.sessions.deleteOwned(account.id, id);
    flash(deps, res, done ? 'La session a été fermée.' : 'Cette session n’existe plus.', done ? 'ok' : 'error');
    seeOther(req, res, '/account');
  });

  router.post('/account/trusted-senders', (req, res) => {
    const { account } = signedIn(res.locals);
    const address = field(req.body, 'address');
    const ok = deps.trusted.add(account.id, address);
    flash(deps, res, ok ? `Les images de ${address} s’afficheront désormais.` : 'Impossible d’enregistrer cet expéditeur.', ok ? 'ok' : 'error');
    seeOther(req, res, localPath(field(req.body, 'back'), '/account'));
  });

  router.post('/account/trusted-senders/delete', (req, res) => {
    const { account } = signedIn(res.locals);
    deps.trusted.remove(account.id, field(req.body, 'address'));
    flash(deps, res, 'Les images de cet expéditeur seront de nouveau bloquées.');
    seeOther(req, res, '/account');
  });

  return router;
}
