/**
 * RENAME (RFC 3501 6.3.5): the folder and its sub-folders change name; the missing parents of
 * the new name are created. Renaming INBOX moves its messages to the new folder and leaves
 * INBOX empty (the store does it).
 */
import { ArgCursor, parseMailboxName } from '../protocol/index.js';
import { createParents, withoutTrailingDelimiter } from './create.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const rename: ImapCommand = {
  name: 'RENAME',
  states: AUTHENTICATED,
  run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    const from = parseMailboxName(args.next('existing mailbox name'));
    const to = withoutTrailingDelimiter(parseMailboxName(args.next('new mailbox name')));
    args.end();
    const accountId = session.account!.id;
    const { store } = session.services;
    // Store errors map to NO [NONEXISTENT] / [ALREADYEXISTS] / [CANNOT] (session.ts).
    store.write(() => {
      store.getMailbox(accountId, from);
      // RFC 3501 6.3.5: the server SHOULD create the superior names the new name needs.
      createParents(store, accountId, to);
      store.renameMailbox(accountId, from, to);
    });
  },
};
