/**
 * Sign-in shared by the web, IMAP and SMTP AUTH: the same credentials everywhere (login or
 * address, any case, with or without accents), and one rate limiter, so a guesser gains
 * nothing by switching protocol.
 *
 * Failures are counted per account and per client address over a sliding window; past the
 * limit every attempt is refused (even a right password) until the window has passed. Each
 * failure is also slowed down. Logs never carry the password.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Account, AccountStore } from './account-store.js';
import type { FailureLimiter } from './failure-limiter.js';
import { normalizeNumen } from './identity.js';
import { verifySecret } from './password.js';

/** Failures allowed per account in the window: enough for typos, too few to guess a NUMEN. */
export const MAX_FAILURES_PER_ACCOUNT = 10;
/** Per client address: a school behind one NAT address has many honest users. */
export const MAX_FAILURES_PER_IP = 50;

/**
 * The webmail's service identity. '#' never appears in a login or an address, so no person
 * can be given this name.
 */
export const SERVICE_LOGIN = '#webmail';

export type AuthResult =
  | { ok: true; account: Account }
  | { ok: false; reason: 'invalid' | 'limited' | 'disabled' };

export interface AuthenticatorOptions {
  accounts: AccountStore;
  /** Delay after a failed attempt (config.authFailureDelayMs; 0 in tests). */
  failureDelayMs: number;
  /** The webmail's secret (config.serviceSecret). */
  serviceSecret: string;
  /** Shared by every protocol and thread (failure-limiter.ts). */
  limiter: FailureLimiter;
}

export class Authenticator {
  readonly limiter: FailureLimiter;

  constructor(private readonly options: AuthenticatorOptions) {
    this.limiter = options.limiter;
  }

  isLimited(login: string, ip: string): boolean {
    return (
      this.limiter.count(`account:${login}`) >= MAX_FAILURES_PER_ACCOUNT ||
      this.limiter.count(`ip:${ip}`) >= MAX_FAILURES_PER_IP
    );
  }

  /** Checks a login (or address) and password typed by a person, from client address `ip`. */
  async authenticate(login: string, password: string, ip: string): Promise<AuthResult> {
    const account = this.options.accounts.byLoginOrAddress(login);
    const key = account ? account.login : login.trim().toLowerCase().slice(0, 256);
    if (this.isLimited(key, ip)) return this.fail(key, ip, 'limited', false);
    if (!account || password.length === 0 || password.length > 1024) return this.fail(key, ip, 'invalid');
    const secrets = this.options.accounts.secrets(account.id)!;
    let ok = await verifySecret(password, secrets.passwordHash);
    // The initial password is the NUMEN: accept it typed with spaces or in lower case.
    if (!ok && account.passwordIsNumen) ok = await verifySecret(normalizeNumen(password), secrets.passwordHash);
    if (!ok) return this.fail(key, ip, 'invalid');
    if (account.disabledAt) return this.fail(key, ip, 'disabled', false);
    this.limiter.clear(`account:${key}`);
    return { ok: true, account };
  }

  /**
   * SASL PLAIN with an authorization identity (RFC 4616): the webmail's service identity may
   * act as `asUser`. Any other authentication identity is checked as a person acting for
   * themselves only.
   */
  async authenticateAs(authcid: string, password: string, asUser: string, ip: string): Promise<AuthResult> {
    if (authcid !== SERVICE_LOGIN) {
      const result = await this.authenticate(authcid, password, ip);
      if (!result.ok || !asUser) return result;
      const target = this.options.accounts.byLoginOrAddress(asUser);
      return target && target.id === result.account.id ? result : this.fail(authcid, ip, 'invalid');
    }
    const expected = Buffer.from(this.options.serviceSecret);
    const given = Buffer.from(password);
    if (this.isLimited(SERVICE_LOGIN, ip)) return this.fail(SERVICE_LOGIN, ip, 'limited', false);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return this.fail(SERVICE_LOGIN, ip, 'invalid');
    const account = this.options.accounts.byLoginOrAddress(asUser);
    if (!account) return this.fail(SERVICE_LOGIN, ip, 'invalid');
    if (account.disabledAt) return this.fail(SERVICE_LOGIN, ip, 'disabled', false);
    return { ok: true, account };
  }

  private async fail(key: string, ip: string, reason: 'invalid' | 'limited' | 'disabled', count = true): Promise<AuthResult> {
    if (count) {
      this.limiter.record(`account:${key}`);
      this.limiter.record(`ip:${ip}`);
    }
    if (this.options.failureDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.options.failureDelayMs));
    return { ok: false, reason };
  }
}
