/**
 * Signing in and out, and the two NUMEN recoveries. Every check goes through the one rate
 * limiter shared with IMAP and SMTP AUTH (src/accounts/authenticate.ts: per account and client
 * address, per address, and the browser's device cookie once an account is under a spread
 * attack), costs one verification whatever was wrong, and every refusal says the same thing
 * whether or not the account exists. Nothing here logs or echoes a password or a NUMEN.
 */
import { Router, type Request, type Response } from 'express';
import type { SignInClient } from '../../accounts/authenticate.js';
import { normalizeNumen } from '../../accounts/identity.js';
import { hashSecret, verifySecretOrDummy } from '../../accounts/password.js';
import type { Account } from '../../accounts/account-store.js';
import { deviceToken, setDeviceCookie } from '../auth/device-cookie.js';
import { passwordProblem } from '../auth/password-rules.js';
import { visitorCsrfToken } from '../http/csrf.js';
import { localPath } from '../http/local-path.js';
import { clientIp } from '../http/request-kind.js';
import { endSession, startSession } from '../sessions/session-middleware.js';
import { loginPage } from '../views/pages/login-page.js';
import { loginForgotPage, passwordForgotPage } from '../views/pages/recovery-pages.js';
import type { WebDeps } from '../web-context.js';
import { renderPage } from './render.js';

const INVALID = 'Identifiant ou mot de passe incorrect.';
// The same words whichever limit refused: from this connection, or a new browser while the
// account is under attack. Saying which would tell a guesser whether the account exists.
const LIMITED =
  'Trop de tentatives de connexion ont échoué. Par sécurité, la connexion est suspendue pour le moment depuis ce navigateur ou ce réseau. ' +
  'Réessayez dans 15 minutes, ou connectez-vous depuis un appareil que vous utilisez habituellement.';
const DISABLED = 'Ce compte est désactivé. Contactez l’assistance de votre académie.';
const NOT_IDENTIFIED = 'Les informations saisies ne permettent pas de vous identifier. Vérifiez-les, ou contactez votre service de gestion.';

/** Longest value read from a sign-in or recovery field (the authenticator caps passwords at 1024). */
const MAX_FIELD_CHARS = 1024;

function text(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, MAX_FIELD_CHARS) : '';
}

/** « 12/04/1985 », « 12-04-1985 » or « 1985-04-12 » → `1985-04-12`, or null. */
export function parseBirthDate(input: string): string | null {
  const value = input.trim();
  let iso: string | null = null;
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (french) iso = `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) iso = value;
  if (!iso) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

export function authRoutes(deps: WebDeps): Router {
  const router = Router();
  const { auth, accounts } = deps.services;

  /** The browser, known by its device cookie. */
  const browser = (req: Request): SignInClient => ({ ip: clientIp(req), browser: { deviceToken: deviceToken(req) } });

  const showLogin = (req: Request, res: Response, status: number, values: { login?: string; next?: string; error?: string | null; notice?: string | null }) => {
    const csrfToken = res.locals.session ? res.locals.csrfToken : visitorCsrfToken(req, res, deps.anonCsrfKey);
    renderPage(deps, res, { title: 'Connexion', status, main: loginPage({ csrfToken, ...values }) });
  };

  router.get('/login', (req, res) => {
    if (res.locals.account) {
      res.redirect(303, '/mailboxes/INBOX');
      return;
    }
    const notice = req.query.bye === '1' ? 'Vous êtes déconnecté(e). À bientôt.' : req.query.reset === '1' ? 'Votre mot de passe a été modifié. Vous pouvez vous connecter.' : null;
    showLogin(req, res, 200, { next: localPath(req.query.next, ''), notice });
  });

  router.post('/login', async (req, res) => {
    const login = text(req.body, 'login');
    const password = text(req.body, 'password');
    const next = localPath(text(req.body, 'next'), '/mailboxes/INBOX');
    const ip = clientIp(req);
    const result = await auth.authenticate(login, password, browser(req));
    if (!result.ok) {
      const status = result.reason === 'limited' ? 429 : 401;
      const error = result.reason === 'limited' ? LIMITED : result.reason === 'disabled' ? DISABLED : INVALID;
      // Only a login that exists is logged: people type their password into the wrong field.
      deps.services.log.info({ user: accounts.byLoginOrAddress(login)?.login ?? null, ip, reason: result.reason }, 'web sign-in refused');
      showLogin(req, res, status, { login, next, error });
      return;
    }
    if (result.deviceToken) setDeviceCookie(req, res, result.deviceToken);
    startSession(req, res, deps.sessions, result.account.id, ip);
    deps.services.log.info({ user: result.account.login, ip }, 'web sign-in');
    res.redirect(303, result.account.passwordIsNumen ? '/account/password' : next);
  });

  router.post('/logout', (req, res) => {
    endSession(req, res, deps.sessions);
    res.redirect(303, '/login?bye=1');
  });

  router.get('/password/forgot', (req, res) => {
    renderPage(deps, res, { title: 'Mot de passe oublié', main: passwordForgotPage({ csrfToken: visitorCsrfToken(req, res, deps.anonCsrfKey) }) });
  });

  router.post('/password/forgot', async (req, res) => {
    const login = text(req.body, 'login');
    const birthInput = text(req.body, 'birthDate');
    const numen = normalizeNumen(text(req.body, 'numen'));
    const password = text(req.body, 'password');
    const ip = clientIp(req);
    const show = (status: number, error: string) =>
      renderPage(deps, res, {
        title: 'Mot de passe oublié',
        status,
        main: passwordForgotPage({ csrfToken: visitorCsrfToken(req, res, deps.anonCsrfKey), login, birthDate: birthInput, error }),
      });

    // The new password is checked first: a typo there must not cost an identity attempt.
    const problem = passwordProblem(password, text(req.body, 'confirmation'));
    if (problem) return show(400, problem);
    const account = accounts.byLoginOrAddress(login);
    const birthDate = parseBirthDate(birthInput);
    const secrets = account ? accounts.secrets(account.id) : null;
    const outcome = await auth.checkSecret({ account, login, client: browser(req), accountRule: true }, async () => {
      // The NUMEN is verified whatever else is wrong: the time does not tell which part was.
      const numenMatches = await verifySecretOrDummy(numen, secrets?.numenHash ?? null);
      return numenMatches && account !== null && !account.disabledAt && birthDate !== null && account.birthDate === birthDate;
    });
    if (outcome === 'limited') return show(429, LIMITED);
    if (outcome !== 'ok' || !account) {
      deps.services.log.info({ user: account?.login ?? null, ip }, 'password reset refused');
      return show(401, NOT_IDENTIFIED);
    }
    // No need to refuse the NUMEN as the new password: it has no lower case, so the rules already do.
    accounts.setPasswordHash(account.id, await hashSecret(password), false);
    // Whoever knew the old password is signed out everywhere.
    deps.sessions.deleteAll(account.id);
    deps.services.log.info({ user: account.login, ip }, 'password reset with NUMEN');
    endSession(req, res, deps.sessions);
    res.redirect(303, '/login?reset=1');
  });

  router.get('/login/forgot', (req, res) => {
    renderPage(deps, res, { title: 'Identifiant oublié', main: loginForgotPage({ csrfToken: visitorCsrfToken(req, res, deps.anonCsrfKey) }) });
  });

  router.post('/login/forgot', async (req, res) => {
    const nom = text(req.body, 'nom').slice(0, 200);
    const prenom = text(req.body, 'prenom').slice(0, 200);
    const birthInput = text(req.body, 'birthDate');
    const numen = normalizeNumen(text(req.body, 'numen'));
    const ip = clientIp(req);
    const show = (status: number, error: string | null, found?: Array<{ login: string; address: string }>) =>
      renderPage(deps, res, {
        title: 'Identifiant oublié',
        status,
        main: loginForgotPage({ csrfToken: visitorCsrfToken(req, res, deps.anonCsrfKey), nom, prenom, birthDate: birthInput, error, found }),
      });

    const birthDate = parseBirthDate(birthInput);
    const candidates = birthDate && nom && prenom ? accounts.findByIdentity(prenom, nom, birthDate) : [];
    const found: Account[] = [];
    let limited = false;
    // Nobody matching is checked all the same, once: the time does not tell whether the person
    // exists. That check names no account, so the 24-hour rule has nothing to protect there.
    for (const candidate of candidates.length > 0 ? candidates : [null]) {
      const secrets = candidate ? accounts.secrets(candidate.id) : null;
      const proof = { account: candidate, login: candidate?.login ?? '', client: browser(req), accountRule: candidate !== null };
      const outcome = await auth.checkSecret(proof, async () => {
        const numenMatches = await verifySecretOrDummy(numen, secrets?.numenHash ?? null);
        return numenMatches && candidate !== null && !candidate.disabledAt;
      });
      if (outcome === 'ok') found.push(candidate!);
      if (outcome === 'limited') limited = true;
    }
    if (found.length === 0) {
      deps.services.log.info({ ip, candidates: candidates.length }, 'login recovery refused');
      return show(limited ? 429 : 401, limited ? LIMITED : NOT_IDENTIFIED);
    }
    deps.services.log.info({ user: found.map((a) => a.login).join(','), ip }, 'login recovered with NUMEN');
    return show(200, null, found.map((a) => ({ login: a.login, address: a.address })));
  });

  return router;
}
