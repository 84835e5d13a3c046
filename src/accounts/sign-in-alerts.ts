/**
 * « Tentatives de connexion »: when an account passes MAX_ACCOUNT_FAILURES failed sign-ins over
 * 24 hours (failure-limiter.ts), its owner is told once, by a French system message in the
 * INBOX, and not again for 24 hours. The claim is a row in SQLite, so two threads or processes
 * crossing the threshold at once send one message between them. The message is written straight
 * into the store, bypassing the quota (it must reach a full mailbox), as quota warnings are.
 */
import type { Db } from '../db/database.js';
import { isStorageFailure } from '../disk/disk-full.js';
import type { SystemMail } from '../delivery/system-mail.js';
import type { Logger } from '../log/logger.js';
import { webmailLink } from '../mime/webmail-link.js';
import type { Account, AccountStore } from './account-store.js';
import { ACCOUNT_WINDOW_MS, MAX_ACCOUNT_FAILURES } from './failure-limiter.js';

export const SIGN_IN_ALERT_SUBJECT = 'Tentatives de connexion';

export interface SignInAlertsDeps {
  db: Db;
  accounts: AccountStore;
  /** Writes the message into the INBOX of this thread's store, past the quota. */
  mail: SystemMail;
  /** WEBMEL_PUBLIC_URL: the « Mon compte » link in the message. */
  publicUrl: string;
  log: Logger;
}

export class SignInAlerts {
  private readonly stmt;

  constructor(
    private readonly deps: SignInAlertsDeps,
    private readonly now: () => number = Date.now,
  ) {
    this.stmt = {
      claim: deps.db.prepare(
        `INSERT INTO auth_alerts (account_id, notified_at) VALUES (?, ?)
         ON CONFLICT (account_id) DO UPDATE SET notified_at = excluded.notified_at WHERE notified_at <= ?`,
      ),
      notifiedAt: deps.db.prepare(`SELECT notified_at FROM auth_alerts WHERE account_id = ?`).pluck(true),
      forget: deps.db.prepare(`DELETE FROM auth_alerts WHERE account_id = ?`),
    };
  }

  /**
   * True for the one caller that should tell the owner now (none again within 24 hours). False
   * on a full disk, where the message could not be written either.
   */
  claim(accountId: number): boolean {
    const now = this.now();
    try {
      return this.stmt.claim.run(accountId, now, now - ACCOUNT_WINDOW_MS).changes === 1;
    } catch (err) {
      if (!isStorageFailure(err)) throw err;
      this.deps.log.warn({ err, accountId }, 'sign-in alert not claimed: the database cannot be written');
      return false;
    }
  }

  /** When the owner was last told, or null. */
  notifiedAt(accountId: number): number | null {
    return (this.stmt.notifiedAt.get(accountId) as number | undefined) ?? null;
  }

  /** `webmel user unlock`: the next crossing tells the owner again. */
  forget(accountId: number): void {
    this.stmt.forget.run(accountId);
  }

  /** Puts the message in the owner's INBOX; a failure (a full disk) is logged, never thrown at a sign-in. */
  deliver(accountId: number): void {
    const account = this.deps.accounts.byId(accountId);
    if (!account) return;
    this.deps.mail.deliver(accountId, { subject: SIGN_IN_ALERT_SUBJECT, text: alertBody(account, webmailLink(this.deps.publicUrl, '/account')) });
  }
}

function alertBody(account: Account, accountPage: string): string {
  return (
    `Bonjour ${account.prenom} ${account.nom},\n\n` +
    `Plus de ${MAX_ACCOUNT_FAILURES} tentatives de connexion à votre messagerie avec un mot de passe ` +
    `erroné ont eu lieu au cours des dernières 24 heures. Elles viennent probablement d'une ` +
    `personne qui essaie de deviner votre mot de passe.\n\n` +
    `Par sécurité, la connexion à votre compte est suspendue depuis les navigateurs, ordinateurs ` +
    `et logiciels de messagerie qui ne s'y sont jamais connectés. Votre mot de passe n'a pas été ` +
    `modifié : il fonctionne toujours depuis vos appareils habituels (le navigateur et les ` +
    `logiciels de messagerie avec lesquels vous vous êtes déjà connecté(e)). La suspension prend ` +
    `fin d'elle-même quand les tentatives cessent.\n\n` +
    `Ce que nous vous conseillons :\n` +
    `- si votre mot de passe est ancien, court, ou si vous l'utilisez pour un autre site, ` +
    `changez-le depuis un appareil habituel (webmail, « Mon compte » :\n  ${accountPage}) ;\n` +
    `- ne communiquez jamais votre mot de passe, ni par téléphone ni par courriel : l'assistance ` +
    `ne vous le demandera jamais ;\n` +
    `- si vous devez vous connecter depuis un nouvel appareil, ou si vous ne parvenez plus à vous ` +
    `connecter, contactez l'assistance informatique de votre académie.\n\n` +
    `-- \nMessage automatique, merci de ne pas y répondre.\n`
  );
}
