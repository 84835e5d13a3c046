/** CAPABILITY (RFC 3501 6.1.1). */
import { ANY_STATE, type ImapCommand } from './types.js';
import { ArgCursor } from '../protocol/index.js';

export const capability: ImapCommand = {
  name: 'CAPABILITY',
  states: ANY_STATE,
  run(session, cmd) {
    new ArgCursor(cmd.args).end();
    session.untagged(`CAPABILITY ${session.capabilities().join(' ')}`);
  },
};
