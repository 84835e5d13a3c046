/**
 * The typed descriptor every IMAP command file exports. The dispatcher checks `states`,
 * catches errors, flushes pending untagged updates and writes the tagged reply; a command
 * only parses its arguments and does its work.
 */
import type { LiteralAnnouncement, ParsedCommand, ResponseHint } from '../protocol/index.js';
import type { ImapSession } from '../session.js';

export type ImapState = 'not-authenticated' | 'authenticated' | 'selected';

export const ANY_STATE: readonly ImapState[] = ['not-authenticated', 'authenticated', 'selected'];
export const AUTHENTICATED: readonly ImapState[] = ['authenticated', 'selected'];
export const SELECTED: readonly ImapState[] = ['selected'];

/** What goes on the tagged OK line: `tag OK [code] text`. */
export interface TaggedOk {
  code?: string;
  text?: string;
  /** The command already wrote its tagged reply (STARTTLS must, before the handshake). */
  replied?: boolean;
}

export interface ImapCommand {
  /** Upper-case command name as the parser gives it (`FETCH` for `UID FETCH` too). */
  name: string;
  states: readonly ImapState[];
  /**
   * RFC 3501 7.4.1: EXPUNGE responses must not be sent while answering FETCH, STORE or SEARCH
   * (their UID forms excepted), as they would shift the sequence numbers the client relies on.
   */
  holdsExpunges?: (cmd: ParsedCommand) => boolean;
  run(session: ImapSession, cmd: ParsedCommand): Promise<TaggedOk | void> | TaggedOk | void;
  /**
   * Called when the command announces a literal, before any of its bytes are read: return a
   * refusal (APPEND to a full mailbox → NO [OVERQUOTA]) so the client never sends them, or null.
   */
  checkLiteral?(session: ImapSession, literal: LiteralAnnouncement): ResponseHint | null;
}
