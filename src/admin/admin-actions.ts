/**
 * What an administrator does to an account (issue 21), the same from the console and the CLI:
 * each action is authorised by its caller (role admin), checked here (a quota in bounds, never
 * the last admin demoted or disabled, no edit over someone else's), done, and written to the
 * audit log in the same transaction, so that no action exists without its trace.
 */
import type { Account, AccountStore, Degree, NewAccount, Role } from '../accounts/account-store.js';
import { IdentityError } from '../accounts/identity.js';
import type { Authenticator } from '../accounts/authenticate.js';
import type { SystemMail } from '../delivery/system-mail.js';
import { formatMegabytes, type QuotaPolicy } from '../quota/policy.js';
import type { QuotaWarnings } from '../quota/warnings.js';
import type { SessionStore } from '../sessions/index.js';
import type { MailStore } from '../store/index.js';
import type { AutoReplyText } from '../delivery/auto-reply.js';
import type { AuditLog } from './audit-log.js';
import type { Departures } from './departures.js';

const DAY_MS = 86_400_000;
/** A departed agent's automatic reply lasts one to three months (issue 21). */
export const DEPARTURE_REPLY_DAYS = { min: 28, default: 30, max: 93 } as const;

export const MIN_QUOTA_BYTES = 1024 ** 2;
export const MAX_QUOTA_BYTES = 1024 ** 4;

/** Who acts: an admin's login, or `cli:<system user>`. */
export interface Actor {
  login: string;
}

export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    message: string,
    /** 400: cannot be right; 404: no such account; 409: changed meanwhile, or the last admin. */
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export interface AdminActionsDeps {
  accounts: AccountStore;
  store: MailStore;
  policy: QuotaPolicy;
  warnings: QuotaWarnings;
  sessions: SessionStore;
  auth: Authenticator;
  systemMail: SystemMail;
  audit: AuditLog;
  departures: Departures;
  /** The webmail's « Libérer de l'espace » page, for the reminder. */
  spaceUrl: string;
  /**
   * What other modules keep of an account and must give back before it is deleted (I-Prof's
   * courrier holds contents of the store), inside the deletion's transaction.
   */
  beforeDelete?: (accountId: number) => void;
}

export interface Profile {
  role: Role;
  degree: Degree | null;
  uai: string | null;
  circonscription: string | null;
}

/** What a recount found: the usage recorded before, the usage counted, their difference (bytes). */
export interface Drift {
  login: string;
  before: number;
  after: number;
  drift: number;
}

export class AdminActions {
  constructor(private readonly deps: AdminActionsDeps) {}

  /** The account a login or an address names; AdminError 404 otherwise. */
  account(who: string): Account {
    const account = this.deps.accounts.byLoginOrAddress(who.trim());
    if (!account) throw new AdminError(`Aucun compte « ${who} ».`, 404);
    return account;
  }

  /**
   * A personal limit (null: the académie's), between 1 Mo and 1 To. `expected`: the limit the
   * admin saw; another admin's change meanwhile is refused rather than overwritten.
   */
  setQuota(actor: Actor, who: string, bytes: number | null, reason: string, expected?: number | null): Account {
    if (bytes !== null && (!Number.isInteger(bytes) || bytes < MIN_QUOTA_BYTES || bytes > MAX_QUOTA_BYTES)) {
      throw new AdminError(`Quota refusé : indiquez entre 1 Mo et 1 To (${formatMegabytes(bytes)} demandé).`);
    }
    return this.audited(actor, who, 'quota.set', reason, (account) => {
      if (expected !== undefined && account.quotaBytes !== expected) {
        throw new AdminError(`Le quota de ${account.login} a changé entre-temps (${this.limitText(account.quotaBytes)}) : rien n’est modifié, vérifiez et recommencez.`, 409);
      }
      this.deps.accounts.setQuota(account.id, bytes);
      return { details: { limit_bytes: bytes, was_bytes: account.quotaBytes } };
    }, () => this.deps.warnings.check(this.account(who).id));
  }

  /** A new account (the backbone's identity rules: login, address, NUMEN as first password), audited. */
  create(actor: Actor, input: NewAccount): Account {
    return asAdminError(() =>
      this.deps.accounts.create(input, (created) =>
        this.deps.audit.record({ actor: actor.login, action: 'account.create', target: created.login, details: { role: created.role } }),
      ),
    );
  }

  /** The trace of a CSV import of accounts (its counts, never a row's content). */
  recordImport(actor: Actor, counts: { added: number; unchanged: number; rejected: number }): void {
    this.deps.audit.record({ actor: actor.login, action: 'account.import', details: counts });
  }

  /** Counts the usage again from the messages; the drift found is returned and audited. */
  recalc(actor: Actor, who: string): Drift {
    let result: Drift = { login: '', before: 0, after: 0, drift: 0 };
    this.audited(actor, who, 'quota.recalc', '', (account) => {
      const { drift, messages } = this.recount(account);
      result = drift;
      return { details: { drift_bytes: drift.drift, drift_messages: messages } };
    });
    return result;
  }

  /**
   * Every account counted again (`webmel quota recalc`): one audit entry per drift found and
   * one for the whole run, not 100,000 entries saying nothing changed.
   */
  recalcAll(actor: Actor): { accounts: number; drifts: Drift[] } {
    const accounts = this.deps.accounts.list();
    const drifts: Drift[] = [];
    for (const account of accounts) {
      this.deps.store.write(() => {
        const { drift, messages } = this.recount(account);
        if (drift.drift === 0 && messages === 0) return;
        drifts.push(drift);
        this.deps.audit.record({ actor: actor.login, action: 'quota.recalc', target: account.login, details: { drift_bytes: drift.drift, drift_messages: messages } });
      });
    }
    this.deps.audit.record({ actor: actor.login, action: 'quota.recalc-all', details: { accounts: accounts.length, drifted: drifts.length } });
    return { accounts: accounts.length, drifts };
  }

  private recount(account: Account): { drift: Drift; messages: number } {
    const { before, after } = this.deps.store.recalcUsage(account.id);
    return {
      drift: { login: account.login, before: before.usedBytes, after: after.usedBytes, drift: after.usedBytes - before.usedBytes },
      messages: after.messageCount - before.messageCount,
    };
  }

  /** The standard reminder, « pensez à vider votre messagerie », with the figures and the link. */
  remind(actor: Actor, who: string): void {
    const account = this.account(who);
    const used = this.deps.store.usage(account.id).usedBytes;
    const limit = this.deps.policy.limitFor(account);
    this.audited(actor, who, 'quota.remind', '', () => ({ details: { used_bytes: used, limit_bytes: limit } }));
    this.deps.systemMail.deliver(account.id, {
      subject: 'Pensez à vider votre messagerie',
      text:
        `Bonjour ${account.prenom} ${account.nom},\n\n` +
        `Votre boîte aux lettres académique occupe ${formatMegabytes(used)} sur ${formatMegabytes(limit)} ` +
        `(${Math.round((used / limit) * 100)} %). Quand elle est pleine, les messages qui vous sont adressés ` +
        `sont refusés.\n\nPensez à vider votre messagerie : supprimez les messages volumineux ou anciens, puis ` +
        `videz la Corbeille. La page « Libérer de l’espace » liste vos plus gros messages :\n${this.deps.spaceUrl}\n\n` +
        `-- \nLes administrateurs de la messagerie académique\n`,
    });
  }

  /** Empties the account's Corbeille for good; returns what it freed. */
  purgeTrash(actor: Actor, who: string): { messages: number; bytes: number } {
    let result = { messages: 0, bytes: 0 };
    this.audited(actor, who, 'quota.purge-trash', '', (account) => {
      const trash = this.deps.store.findSpecialUse(account.id, '\\Trash');
      if (!trash) return { details: { messages: 0, bytes: 0 } };
      const before = this.deps.store.usage(account.id).usedBytes;
      const messages = this.deps.store.expunge(trash, null, false).length;
      result = { messages, bytes: before - this.deps.store.usage(account.id).usedBytes };
      return { details: { messages, bytes: result.bytes } };
    });
    return result;
  }

  disable(actor: Actor, who: string, reason = ''): Account {
    return this.audited(actor, who, 'account.disable', reason, (account) => {
      if (account.role === 'admin') this.keepAnAdmin(account, 'désactiver');
      this.deps.accounts.disable(account.id);
      this.deps.sessions.deleteAll(account.id);
      return {};
    });
  }

  /** Re-enables an account; a departure under way is taken back (the agent stays). */
  enable(actor: Actor, who: string, reason = ''): Account {
    return this.audited(actor, who, 'account.enable', reason, (account) => {
      this.deps.accounts.enable(account.id);
      const departing = this.deps.departures.get(account.id) !== null;
      this.deps.departures.remove(account.id);
      return { details: { departure_cancelled: departing } };
    });
  }

  /**
   * A departure: sign-in blocked and sessions ended now; until `replyUntil` (1 to 3 months) the
   * mailbox still receives and answers each sender that the agent has left, and whom to write
   * to; then the hourly clean-up deletes the mailbox. Offer `exportMbox` first to an agent who
   * moves to another académie.
   */
  depart(actor: Actor, who: string, options: { replyUntil?: number; successor?: string | null; reason?: string; now?: number } = {}): { account: Account; replyUntil: number } {
    const now = options.now ?? Date.now();
    const replyUntil = options.replyUntil ?? now + DEPARTURE_REPLY_DAYS.default * DAY_MS;
    const days = (replyUntil - now) / DAY_MS;
    if (!(days >= DEPARTURE_REPLY_DAYS.min && days <= DEPARTURE_REPLY_DAYS.max)) {
      throw new AdminError(`La réponse automatique dure d’un à trois mois : choisissez une date entre le ${dayText(now + DEPARTURE_REPLY_DAYS.min * DAY_MS)} et le ${dayText(now + DEPARTURE_REPLY_DAYS.max * DAY_MS)}.`);
    }
    const successor = options.successor?.trim().toLowerCase() || null;
    if (successor !== null && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(successor)) throw new AdminError(`Adresse invalide : « ${options.successor} ».`);
    const account = this.audited(actor, who, 'account.depart', options.reason ?? '', (target) => {
      if (target.role === 'admin') this.keepAnAdmin(target, 'faire partir');
      this.deps.accounts.disable(target.id);
      this.deps.sessions.deleteAll(target.id);
      this.deps.departures.record({ accountId: target.id, departedAt: now, replyUntil, successor });
      return { details: { reply_until: new Date(replyUntil).toISOString().slice(0, 10), successor } };
    });
    return { account, replyUntil };
  }

  /** The automatic reply of a departed agent, while it lasts (LocalDelivery asks for each message). */
  autoReplyFor(accountId: number, now = Date.now()): AutoReplyText | null {
    const departure = this.deps.departures.get(accountId);
    if (!departure || departure.replyUntil <= now) return null;
    const account = this.deps.accounts.byId(accountId);
    if (!account) return null;
    const name = `${account.prenom} ${account.nom}`;
    return {
      subject: `Réponse automatique : ${name} a quitté l’académie`,
      text:
        `Bonjour,\n\n${name} n’exerce plus dans l’académie depuis le ${dayText(departure.departedAt)} : ` +
        `votre message ne sera pas lu.\n` +
        (departure.successor ? `Pour votre demande, écrivez à ${departure.successor}.\n` : `Pour votre demande, adressez-vous à son ancien service ou établissement.\n`) +
        `\n-- \nRéponse envoyée automatiquement par la messagerie académique (au plus une fois par semaine).\n`,
    };
  }

  /** The hourly clean-up: the mailboxes of departures whose reply has ended are deleted. Returns the accounts deleted. */
  finishDepartures(now = Date.now()): number {
    let deleted = 0;
    for (const accountId of this.deps.departures.due(now)) {
      const account = this.deps.accounts.byId(accountId);
      if (!account) continue;
      const freed = this.deps.store.usage(accountId).usedBytes;
      this.deps.store.write(() => {
        this.deps.beforeDelete?.(accountId);
        this.deps.accounts.delete(accountId);
        this.deps.audit.record({ actor: 'system', action: 'account.delete', target: account.login, reason: 'fin du départ', details: { bytes_freed: freed } });
      });
      deleted++;
    }
    return deleted;
  }

  /** Back to the NUMEN as password, every session ended: the user chooses a new one at the next sign-in. */
  resetPassword(actor: Actor, who: string, reason = ''): Account {
    return this.audited(actor, who, 'account.reset-password', reason, (account) => {
      this.deps.accounts.resetPasswordToNumen(account.id);
      const sessions = this.deps.sessions.deleteAll(account.id);
      return { details: { sessions_ended: sessions } };
    });
  }

  unlock(actor: Actor, who: string): number {
    let cleared = 0;
    this.audited(actor, who, 'account.unlock', '', (account) => {
      cleared = this.deps.auth.unlock(account);
      return { details: { cleared } };
    });
    return cleared;
  }

  revokeSessions(actor: Actor, who: string, reason = ''): number {
    let ended = 0;
    this.audited(actor, who, 'account.revoke-sessions', reason, (account) => {
      ended = this.deps.sessions.deleteAll(account.id);
      return { details: { sessions_ended: ended } };
    });
    return ended;
  }

  /** Role, degré and affectation; `expected` the profile the admin saw (refused if it changed). */
  setProfile(actor: Actor, who: string, profile: Profile, reason = '', expected?: Profile): Account {
    return this.audited(actor, who, 'account.profile', reason, (account) => {
      if (expected && JSON.stringify(pick(account)) !== JSON.stringify(expected)) {
        throw new AdminError(`Le compte ${account.login} a été modifié entre-temps : rien n’est changé, vérifiez et recommencez.`, 409);
      }
      if (account.role === 'admin' && profile.role !== 'admin') this.keepAnAdmin(account, 'retirer le rôle admin à');
      this.deps.accounts.updateProfile(account.id, profile);
      return { details: { role: profile.role, was_role: account.role, degree: profile.degree, uai: profile.uai } };
    });
  }

  private keepAnAdmin(account: Account, verb: string): void {
    if (this.deps.accounts.countOpenWithRole('admin') <= 1) {
      throw new AdminError(`Impossible de ${verb} ${account.login} : c’est le dernier administrateur actif.`, 409);
    }
  }

  private limitText(bytes: number | null): string {
    return bytes === null ? 'valeur de l’académie' : formatMegabytes(bytes);
  }

  /**
   * Runs `act` on the account and writes its audit entry, in one transaction: the action and
   * its trace commit together or not at all. `after` runs once committed (a warning to send).
   */
  private audited(
    actor: Actor,
    who: string,
    action: string,
    reason: string,
    act: (account: Account) => { details?: Record<string, string | number | boolean | null> },
    after?: () => void,
  ): Account {
    const account = this.account(who);
    this.deps.store.write(() => {
      const { details } = asAdminError(() => act(account));
      this.deps.audit.record({ actor: actor.login, action, target: account.login, reason, details: details ?? {} });
    });
    after?.();
    return this.deps.accounts.byId(account.id) ?? account;
  }
}

/** An identity rule broken (a bad UAI, NUMEN or role) is the admin's input refused: 400, nothing changed. */
function asAdminError<T>(act: () => T): T {
  try {
    return act();
  } catch (err) {
    if (err instanceof IdentityError) throw new AdminError(err.message);
    throw err;
  }
}

function pick(account: Account): Profile {
  return { role: account.role, degree: account.degree, uai: account.uai, circonscription: account.circonscription };
}

function dayText(ms: number): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(ms);
}
