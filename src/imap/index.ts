/**
 * IMAP server over the mail store (RFC 3501 + extensions listed in capabilities.ts).
 *
 * - `protocol/`: reading and parsing commands (no state, no store).
 * - `format/`: wire formats (strings, ENVELOPE, BODYSTRUCTURE, sections).
 * - `session.ts`: one connection; `selected-mailbox.ts`: sequence numbers and queued updates;
 *   the dispatcher in the session checks states, maps errors and writes tagged replies.
 * - `commands/`: one file per command with a typed descriptor; `commands/index.ts` lists them.
 *
 * Invariants: a command never writes after its tagged reply; untagged updates from other
 * sessions go out only before a tagged reply or during IDLE (RFC 3501 5.2, 7.4.1); nothing is
 * written to a socket inside a store transaction.
 */
export { startImapServer, type ImapServerHandle } from './server.js';
