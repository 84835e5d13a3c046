/** NOOP (RFC 3501 6.1.2) and CHECK (6.4.1): nothing to do but send pending updates. */
import { ANY_STATE, SELECTED, type ImapCommand } from './types.js';
import { ArgCursor } from '../protocol/index.js';

export const noop: ImapCommand = {
  name: 'NOOP',
  states: ANY_STATE,
  run(_session, cmd) {
    new ArgCursor(cmd.args).end();
  },
};

/** Every command's writes are on disk before its tagged reply (MailStore.durably), so CHECK is a NOOP. */
export const check: ImapCommand = {
  name: 'CHECK',
  states: SELECTED,
  run(_session, cmd) {
    new ArgCursor(cmd.args).end();
  },
};
