/**
 * LOGIN (RFC 3501 6.2.3): the académie login or address, any case, with or without accents,
 * and the same password as the web. Refused in clear text off-loopback (LOGINDISABLED).
 */
import { ArgCursor } from '../protocol/index.js';
import { ImapNo } from '../errors.js';
import type { ImapSession } from '../session.js';
import type { AuthResult } from '../../accounts/authenticate.js';
import type { ImapCommand } from './types.js';

export const login: ImapCommand = {
  name: 'LOGIN',
  states: ['not-authenticated'],
  async run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    const user = args.astring('user name');
    const password = args.astring('password');
    args.end();
    if (!session.plaintextAllowed) {
      throw new ImapNo('PRIVACYREQUIRED', 'Connexion en clair refusée : utilisez STARTTLS');
    }
    const result = await session.services.auth.authenticate(user, password, { ip: session.remoteAddress });
    return completeLogin(session, result, user);
  },
};

/** Shared by LOGIN and AUTHENTICATE: the answer never says whether the account exists. */
export function completeLogin(session: ImapSession, result: AuthResult, user: string) {
  if (!result.ok) {
    session.log.info({ user: user.slice(0, 64), reason: result.reason }, 'imap login failed');
    if (result.reason === 'limited') throw new ImapNo('UNAVAILABLE', 'Trop de tentatives, réessayez plus tard');
    throw new ImapNo('AUTHENTICATIONFAILED', 'Identifiant ou mot de passe incorrect');
  }
  session.login(result.account);
  return { code: `CAPABILITY ${session.capabilities().join(' ')}`, text: 'Connecté' };
}
