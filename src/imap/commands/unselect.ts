/** UNSELECT (RFC 3691): leaves the selected state like CLOSE, without expunging anything. */
import { ArgCursor } from '../protocol/index.js';
import { SELECTED, type ImapCommand } from './types.js';

export const unselect: ImapCommand = {
  name: 'UNSELECT',
  states: SELECTED,
  run(session, cmd) {
    new ArgCursor(cmd.args).end();
    session.unselect();
  },
};
