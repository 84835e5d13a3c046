/**
 * ENABLE (RFC 5161): the client turns on extensions that change what the server sends.
 * CONDSTORE is the only one we have (RFC 7162 3.1); others are ignored, as RFC 5161 3.1 asks.
 */
import { ArgCursor } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const enable: ImapCommand = {
  name: 'ENABLE',
  // RFC 5161 3.1: meant before SELECT, but servers need not check that no mailbox is selected.
  states: AUTHENTICATED,
  run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    const requested = [args.keyword('capability')];
    while (!args.done) requested.push(args.keyword('capability'));
    const enabled: string[] = [];
    for (const name of requested) {
      if (name === 'CONDSTORE' && !enabled.includes(name)) {
        session.enableCondstore();
        enabled.push(name);
      }
    }
    // RFC 5161 3.2: the ENABLED response is sent even when nothing was enabled.
    session.untagged(`ENABLED${enabled.map((name) => ` ${name}`).join('')}`);
  },
};
