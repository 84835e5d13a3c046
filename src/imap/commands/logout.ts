/** LOGOUT (RFC 3501 6.1.3): BYE, then the tagged OK, then the connection closes. */
import { ANY_STATE, type ImapCommand } from './types.js';
import { ArgCursor } from '../protocol/index.js';

export const logout: ImapCommand = {
  name: 'LOGOUT',
  states: ANY_STATE,
  run(session, cmd) {
    new ArgCursor(cmd.args).end();
    session.untagged('BYE Au revoir');
    session.tagged(cmd.tag, 'OK', null, 'LOGOUT terminé');
    session.close();
  },
};
