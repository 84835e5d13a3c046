/** STARTTLS (RFC 3501 6.2.1): OK first, then the handshake on the same socket. */
import { ArgCursor } from '../protocol/index.js';
import { ImapBad } from '../errors.js';
import type { ImapCommand } from './types.js';

export const starttls: ImapCommand = {
  name: 'STARTTLS',
  states: ['not-authenticated'],
  run(session, cmd) {
    new ArgCursor(cmd.args).end();
    if (!session.capabilities().includes('STARTTLS')) throw new ImapBad('STARTTLS indisponible');
    session.tagged(cmd.tag, 'OK', null, 'Début de la négociation TLS');
    session.startTls();
    return { replied: true };
  },
};
