/**
 * DELETE (RFC 3501 6.3.4). The folder's messages are removed and their space freed; its
 * sub-folders stay, and its name lives on as their \Noselect parent (RFC 3501 6.3.4).
 */
import { INBOX } from '../../store/mail-store.js';
import { ImapNo } from '../errors.js';
import { ArgCursor, parseMailboxName } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const deleteCommand: ImapCommand = {
  name: 'DELETE',
  states: AUTHENTICATED,
  run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    const name = parseMailboxName(args.next('mailbox name'));
    args.end();
    const accountId = session.account!.id;
    const { store } = session.services;
    const mailbox = store.findMailbox(accountId, name);
    // An implied parent is \Noselect: deleting it is an error (RFC 3501 6.3.4).
    if (!mailbox) throw new ImapNo('NONEXISTENT', 'Dossier introuvable');
    if (mailbox.name === INBOX) throw new ImapNo('CANNOT', 'La boîte de réception ne peut pas être supprimée');
    // The webmail files sent mail, drafts and deleted mail in these, and the retention of
    // Corbeille / Indésirables finds them by their use: they stay, as in the webmail.
    if (mailbox.specialUse) throw new ImapNo('CANNOT', `Le dossier spécial « ${mailbox.name} » ne peut pas être supprimé`);
    store.deleteMailbox(accountId, mailbox.name);
    // The folder is gone: this session leaves it rather than answer about messages that no
    // longer exist (other sessions learn of the expunges).
    if (session.selected?.mailbox.id === mailbox.id) session.unselect();
  },
};
