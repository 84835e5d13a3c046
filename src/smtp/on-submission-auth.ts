/**
 * AUTH PLAIN / LOGIN on the submission port (RFC 4954), through the shared rate-limited
 * Authenticator, so a guesser gains nothing by switching from the web or IMAP to SMTP.
 *
 * Passwords travel in clear inside AUTH: they are accepted only over TLS (STARTTLS or the
 * implicit-TLS port) or from a loopback client (the webmail in the same machine). smtp-server
 * can only allow or forbid insecure AUTH for a whole server, so the decision is made here,
 * per connection.
 */
import type { SMTPServerAuthentication, SMTPServerAuthenticationResponse, SMTPServerSession } from 'smtp-server';
import type { Authenticator } from '../accounts/authenticate.js';
import type { Logger } from '../log/logger.js';
import { authFailed, authRateLimited, encryptionRequired } from './errors.js';

/** What a submission session keeps of its user once authenticated (`session.user`). */
export interface SubmissionUser {
  accountId: number;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string): boolean {
  const ip = address.replace(/^::ffff:/i, '');
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

export interface SubmissionAuthDeps {
  auth: Authenticator;
  log: Logger;
  /** Whether a client may authenticate without TLS; loopback only by default. */
  insecureAuthAllowed?: (remoteAddress: string) => boolean;
}

type AuthCallback = (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void;

export function onSubmissionAuth({ auth, log, insecureAuthAllowed = isLoopback }: SubmissionAuthDeps) {
  return (credentials: SMTPServerAuthentication, session: SMTPServerSession, callback: AuthCallback): void => {
    if (!session.secure && !insecureAuthAllowed(session.remoteAddress)) {
      log.debug({ cid: session.id, method: credentials.method }, 'auth refused without TLS');
      return callback(encryptionRequired());
    }
    // RFC 4616: PLAIN carries authzid NUL authcid NUL password. smtp-server falls back to the
    // authzid as the username when a client leaves the authcid empty: that is no proxy request.
    const authcid = credentials.authcid || credentials.username || '';
    const authzid = credentials.authcid ? (credentials.authzid ?? '') : '';
    const ip = session.remoteAddress;
    auth
      .authenticateAs(authcid, credentials.password ?? '', authzid, { ip })
      .then((result) => {
        if (result.ok) {
          log.debug({ cid: session.id, user: result.account.login, method: credentials.method }, 'authenticated');
          const user: SubmissionUser = { accountId: result.account.id };
          return callback(null, { user });
        }
        log.debug({ cid: session.id, method: credentials.method, reason: result.reason }, 'auth failed');
        callback(result.reason === 'limited' ? authRateLimited() : authFailed());
      })
      .catch((err: unknown) => {
        log.error({ cid: session.id, err }, 'auth error');
        callback(authRateLimited());
      });
  };
}
