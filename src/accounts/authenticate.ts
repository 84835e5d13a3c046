/**
 * Sign-in shared by the web, IMAP and SMTP AUTH: the same credentials everywhere (login or
 * address, any case, with or without accents), and one rate limiter, so a guesser gains
 * nothing by switching protocol.
 *
 * Every check of a secret goes the same way (`underLimits`): the attempt is reserved in the
 * shared counter first (failure-limiter.ts: per account and address pair, per address, and the
 * account's 24-hour total against a guesser spread over many addresses), then exactly one scrypt
 * verification runs, then a right password drops its reservation while a wrong one stays
 * counted and waits a delay that grows with the pair's failures. A correct password from an
 * address that has not been failing is therefore always accepted, however many failures came
 * from elsewhere, unless the account is under a spread attack and the client is new to it.
 *
 * An unknown login, a wrong password and an account still on its NUMEN cost one verification
 * each and get the same answer, so neither the reply nor its timing says whether an account
 * exists. Logs never carry the password.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Account, AccountStore } from './account-store.js';
import { clientAddressKey } from '../net/client-address.js';
import {
  MAX_ACCOUNT_FAILURES,
  unknownLoginKey,
  type Attempt,
  type FailureLimiter,
  type LimitedAddress,
  type LockedAccount,
} from './failure-limiter.js';
import { normalizeLoginInput, normalizeNumen } from './identity.js';
import type { KnownClients } from './known-clients.js';
import { verifySecretOrDummy } from './password.js';
import type { SignInAlerts } from './sign-in-alerts.js';

/**
 * The webmail's service identity. '#' never appears in a login or an address, so no person
 * can be given this name.
 */
export const SERVICE_LOGIN = '#webmail';

/** The longest password checked; longer ones fail without a verification, whatever the account. */
export const MAX_PASSWORD_CHARS = 1024;
/** The delay after a failure doubles with the pair's failures, up to this (or the base if larger). */
export const MAX_FAILURE_DELAY_MS = 5000;

export type AuthResult =
  | { ok: true; account: Account; deviceToken?: string }
  | { ok: false; reason: 'invalid' | 'limited' | 'disabled' };

export type CheckOutcome = 'ok' | 'invalid' | 'limited';

export interface SignInClient {
  /** The client's address: the socket's, or the one a trusted proxy gave. */
  ip: string;
  /**
   * Web sign-ins: the browser's device cookie (null when it has none); the browser is known by
   * it. IMAP and SMTP leave this out: their clients are known by address.
   */
  browser?: { deviceToken: string | null };
}

/** A check of a secret other than a sign-in (the web's NUMEN recoveries, the current password). */
export interface SecretProof {
  /** The account the secret is checked for, or null when the typed login names none. */
  account: Account | null;
  /** What was typed, keying the attempt when no account has it. */
  login: string;
  client: SignInClient;
  /**
   * Whether the 24-hour rule may refuse it. Off for a signed-in user (the session already proves
   * the browser) and for a search that named no account.
   */
  accountRule: boolean;
}

export interface AuthenticatorOptions {
  accounts: AccountStore;
  /** Base of the delay after a failed attempt (config.authFailureDelayMs; 0 in tests). */
  failureDelayMs: number;
  /** The webmail's secret (config.serviceSecret). */
  serviceSecret: string;
  /** Shared by every protocol, thread and process (failure-limiter.ts). */
  limiter: FailureLimiter;
  knownClients: KnownClients;
  alerts: SignInAlerts;
  /**
   * Tells the owner that the account passed the 24-hour limit (alerts.deliver); the webmail's
   * thread hands it to the main thread, whose store announces the message to IMAP sessions.
   */
  tellOwner: (accountId: number) => void;
}

export interface Lockouts {
  /** With when the owner was last told (null: not yet). */
  accounts: Array<LockedAccount & { notifiedAt: number | null }>;
  addresses: LimitedAddress[];
}

export class Authenticator {
  constructor(private readonly options: AuthenticatorOptions) {}

  /** Checks a login (or address) and password typed by a person. */
  async authenticate(login: string, password: string, from: SignInClient): Promise<AuthResult> {
    const { accounts } = this.options;
    const client = counted(from);
    const account = accounts.byLoginOrAddress(login);
    const stored = account ? accounts.secrets(account.id)!.passwordHash : null;
    // The NUMEN is stored normalised (account-store.ts): one verification of the normalised
    // input accepts it typed with spaces or in lower case.
    const typed = account?.passwordIsNumen ? normalizeNumen(password) : password;
    const checkable = password.length > 0 && password.length <= MAX_PASSWORD_CHARS;
    const proof = { account, login, client, accountRule: true };
    const outcome = await this.underLimits(proof, () => (checkable ? verifySecretOrDummy(typed, stored) : Promise.resolve(false)));
    if (outcome !== 'ok') return { ok: false, reason: outcome };
    // A disabled account is told apart only once the right password was given.
    if (account!.disabledAt) return { ok: false, reason: 'disabled' };
    return { ok: true, account: account!, ...this.remember(account!, client) };
  }

  /**
   * SASL PLAIN with an authorization identity (RFC 4616): the webmail's service identity may
   * act as `asUser`. Any other authentication identity is checked as a person acting for
   * themselves only.
   */
  async authenticateAs(authcid: string, password: string, asUser: string, client: SignInClient): Promise<AuthResult> {
    if (authcid !== SERVICE_LOGIN) {
      const result = await this.authenticate(authcid, password, client);
      if (!result.ok || !asUser) return result;
      const target = this.options.accounts.byLoginOrAddress(asUser);
      return target && target.id === result.account.id ? result : { ok: false, reason: 'invalid' };
    }
    // The service secret is a long random value (config.ts), no password a person chose: no
    // limit makes it easier to keep, and the webmail's connections come from the loopback
    // address it shares with every local process, whose failures must never shut the webmail
    // out for everyone. So the right secret is always accepted; a wrong one is counted, slowed
    // down and refused like any failed sign-in (the 24-hour rule, made for guessable passwords,
    // does not apply).
    const expected = Buffer.from(this.options.serviceSecret);
    const given = Buffer.from(password);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      const proof = { account: null, login: SERVICE_LOGIN, client: counted(client), accountRule: false };
      const outcome = await this.underLimits(proof, async () => false, SERVICE_LOGIN);
      return { ok: false, reason: outcome === 'ok' ? 'invalid' : outcome };
    }
    // The webmail already signed the user in: the client it acts for is not remembered here.
    const account = this.options.accounts.byLoginOrAddress(asUser);
    if (!account) return { ok: false, reason: 'invalid' };
    if (account.disabledAt) return { ok: false, reason: 'disabled' };
    return { ok: true, account };
  }

  /** One check of another secret under the same limits; `check` runs exactly one verification. */
  checkSecret(proof: SecretProof, check: () => Promise<boolean>): Promise<CheckOutcome> {
    return this.underLimits({ ...proof, client: counted(proof.client) }, check);
  }

  /** What `webmel user lockouts` shows. */
  lockouts(): Lockouts {
    const { limiter, alerts, accounts } = this.options;
    return {
      accounts: limiter.lockedAccounts().map((locked) => {
        const account = accounts.byLoginOrAddress(locked.login);
        return { ...locked, notifiedAt: account ? alerts.notifiedAt(account.id) : null };
      }),
      addresses: limiter.limitedAddresses(),
    };
  }

  /** `webmel user unlock`: forgets the account's failures, from every address, and its 24-hour state. */
  unlock(account: Account): number {
    this.options.alerts.forget(account.id);
    return this.options.limiter.clearAccount(account.login);
  }

  /** `proof.client` as counted(): its address is the one limits count by. */
  private async underLimits(proof: SecretProof, check: () => Promise<boolean>, key = this.keyOf(proof)): Promise<CheckOutcome> {
    const { limiter } = this.options;
    const attempt: Attempt = { key, ip: proof.client.ip, guardAccount: proof.accountRule && !this.knows(proof.account, proof.client) };
    const reservation = limiter.reserve(attempt);
    if (!reservation.allowed) {
      await this.pause(reservation.pairFailures + 1);
      return 'limited';
    }
    if (await check()) {
      limiter.release(attempt, reservation.id);
      return 'ok';
    }
    if (proof.account) this.alertIfOverLimit(proof.account);
    await this.pause(reservation.pairFailures + 1);
    return 'invalid';
  }

  private keyOf(proof: SecretProof): string {
    return proof.account ? proof.account.login : unknownLoginKey(normalizeLoginInput(proof.login).slice(0, 256));
  }

  private knows(account: Account | null, client: SignInClient): boolean {
    if (!account) return false;
    const { knownClients } = this.options;
    return client.browser ? knownClients.knowsBrowser(account.id, client.browser.deviceToken) : knownClients.knowsAddress(account.id, client.ip);
  }

  private remember(account: Account, client: SignInClient): { deviceToken?: string } {
    const { knownClients } = this.options;
    if (client.browser) return { deviceToken: knownClients.rememberBrowser(account.id, client.browser.deviceToken) };
    knownClients.rememberAddress(account.id, client.ip);
    return {};
  }

  private alertIfOverLimit(account: Account): void {
    const { limiter, alerts, tellOwner } = this.options;
    if (limiter.accountFailures(account.login) > MAX_ACCOUNT_FAILURES && alerts.claim(account.id)) tellOwner(account.id);
  }

  /** NIST SP 800-63B §5.2.2: a wait after a failure that grows as the failures add up. */
  private async pause(failures: number): Promise<void> {
    const base = this.options.failureDelayMs;
    if (base <= 0) return;
    const ms = Math.min(base * 2 ** Math.min(failures - 1, 16), Math.max(base, MAX_FAILURE_DELAY_MS));
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** The client with the address that limits count by and known clients remember (client-address.ts). */
function counted(client: SignInClient): SignInClient {
  return { ...client, ip: clientAddressKey(client.ip) };
}
