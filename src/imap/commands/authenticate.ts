/**
 * AUTHENTICATE PLAIN (RFC 3501 6.2.2, RFC 4616), with SASL-IR (RFC 4959). An authorization
 * identity lets the webmail's service account act for a user.
 */
import { ArgCursor } from '../protocol/index.js';
import { ImapBad, ImapNo } from '../errors.js';
import { completeLogin } from './login.js';
import type { ImapCommand } from './types.js';

export const authenticate: ImapCommand = {
  name: 'AUTHENTICATE',
  states: ['not-authenticated'],
  async run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    const mechanism = args.atom('SASL mechanism').toUpperCase();
    const initial = args.done ? null : args.atom('initial response');
    args.end();
    if (mechanism !== 'PLAIN') throw new ImapNo('CANNOT', `Mécanisme non pris en charge : ${mechanism.slice(0, 20)}`);
    if (!session.plaintextAllowed) throw new ImapNo('PRIVACYREQUIRED', 'Connexion en clair refusée : utilisez STARTTLS');
    const response = initial ?? (await session.readContinuation('')).toString('latin1').trim();
    // RFC 3501 6.2.2: "*" cancels the exchange.
    if (response === '*') throw new ImapBad('Authentification annulée');
    const decoded = response === '=' ? '' : Buffer.from(response, 'base64').toString('utf8');
    const parts = decoded.split('\0');
    if (parts.length !== 3) throw new ImapBad('Réponse PLAIN mal formée');
    const [authzid, authcid, password] = parts as [string, string, string];
    const result = await session.services.auth.authenticateAs(authcid, password, authzid, { ip: session.remoteAddress });
    return completeLogin(session, result, authzid || authcid);
  },
};
