/**
 * IMAP server over the mail store (RFC 3501 + extensions listed in capabilities.ts).
 *
 * - `protocol/`: reading and parsing commands (no state, no store).
 * - `format/`: wire formats (strings, ENVELOPE, BODYSTRUCTURE, sections).
 * - `session.ts`: one connection; `selected-mailbox.ts`: sequence numbers and queued updates;
 *   the dispatcher in the session checks states, maps errors and writes tagged replies.
 * - `commands/`: one file per command with a typed descriptor; `commands/index.ts` lists them.
 * - `mailbox-list.ts`: the folder hierarchy as LIST / LSUB show it (implied parents, attributes);
 *   `mailbox-status.ts`: the STATUS response that STATUS and LIST-STATUS share.
 * - Message commands' helpers: `message-set.ts` (sequence sets against the selection),
 *   `message-facts.ts` (size, date, content of each selected message, read once per selection),
 *   `content-cache.ts` + `format-warmer.ts` (ENVELOPE/BODYSTRUCTURE formatted once per content,
 *   kept in memory and in `content_imap`), `fetch-response.ts` + `response-buffer.ts` (FETCH
 *   data into large Buffers), `search-eval.ts` (SEARCH over the indexes and the session's
 *   flags), `base-subject.ts` and `thread-references.ts` (SORT / THREAD, RFC 5256).
 *
 * Invariants: a command never writes after its tagged reply; untagged updates from other
 * sessions go out only before a tagged reply or during IDLE (RFC 3501 5.2, 7.4.1); nothing is
 * written to a socket inside a store transaction.
 */
export { startImapServer, type ImapServerHandle } from './server.js';
