/**
 * SUBSCRIBE and UNSUBSCRIBE (RFC 3501 6.3.6/6.3.7). Subscriptions are names kept apart from the
 * folders: only an existing folder can be subscribed (RFC 3501 allows refusing others), and a
 * subscription outlives its folder's deletion until it is unsubscribed.
 */
import { ArgCursor, parseMailboxName } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

function subscription(name: 'SUBSCRIBE' | 'UNSUBSCRIBE', subscribed: boolean): ImapCommand {
  return {
    name,
    states: AUTHENTICATED,
    run(session, cmd) {
      const args = new ArgCursor(cmd.args);
      const mailbox = parseMailboxName(args.next('mailbox name'));
      args.end();
      // MailboxNotFoundError → NO [NONEXISTENT] (session.ts).
      session.services.store.setSubscribed(session.account!.id, mailbox, subscribed);
    },
  };
}

export const subscribe = subscription('SUBSCRIBE', true);
export const unsubscribe = subscription('UNSUBSCRIBE', false);
