/** NAMESPACE (RFC 2342): one personal namespace with the empty prefix and `/`; no shared ones. */
import { DELIMITER } from '../../store/mail-store.js';
import { ArgCursor } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const namespace: ImapCommand = {
  name: 'NAMESPACE',
  states: AUTHENTICATED,
  run(session, cmd) {
    new ArgCursor(cmd.args).end();
    // RFC 2342 5: personal namespaces, other users' namespaces, shared namespaces.
    session.untagged(`NAMESPACE (("" "${DELIMITER}")) NIL NIL`);
  },
};
