/**
 * Opening a message marks it read the way desktop clients do it: its body is fetched with
 * BODY[…] rather than BODY.PEEK[…], and the server sets \Seen as it answers (RFC 3501 6.4.5).
 * One command instead of a FETCH and then a STORE: the reader's next request on the connection
 * need not wait for a second round trip, and the server does one command's work.
 *
 * imapflow always asks with PEEK, so this sends the command through the connection's own
 * command queue (`exec`, how each of imapflow's commands is built) and reads the answer with
 * imapflow's own FETCH parser: the same bytes on the wire as its fetchOne, minus the PEEK.
 *
 * FLAGS is deliberately not asked for. A server that sets \Seen because of this FETCH includes
 * the new FLAGS in its answer (RFC 3501 6.4.5: "if this causes the flags to change, they SHOULD
 * be included as part of the FETCH responses"), so FLAGS in the answer tells that this command
 * is what marked the message read, which the reader's memoised counts must then show.
 */
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { formatMessageResponse } from 'imapflow/lib/tools.js';

/** One body section, `BODY[key]<start.maxLength>` (imapflow's bodyParts shape); the empty key is the whole message. */
export interface SectionQuery {
  key: string;
  start: number;
  maxLength: number;
}

export interface MarkingSeenQuery {
  /** ENVELOPE, BODYSTRUCTURE, RFC822.SIZE and INTERNALDATE, for a message not yet cached. */
  head: boolean;
  sections: readonly SectionQuery[];
}

export interface MarkingSeenAnswer {
  message: FetchMessageObject;
  /** True when the server set \Seen because of this FETCH (its answer carried FLAGS). */
  markedSeen: boolean;
}

type Atom = { type: 'ATOM'; value: string; section?: Atom[]; partial?: number[] };
type Untagged = Parameters<typeof formatMessageResponse>[0];

/** imapflow's command queue: not in its typings, but every one of its commands goes through it. */
interface CommandQueue {
  exec(command: string, attributes: unknown[], options: { untagged: Record<string, (untagged: Untagged) => Promise<void>> }): Promise<{ next(): void }>;
}

const HEAD_ITEMS: Atom[] = ['ENVELOPE', 'BODYSTRUCTURE', 'RFC822.SIZE', 'INTERNALDATE'].map((value) => ({ type: 'ATOM', value }));

function bodyItem(query: SectionQuery): Atom {
  return {
    type: 'ATOM',
    value: 'BODY',
    section: query.key ? [{ type: 'ATOM', value: query.key }] : [],
    partial: [query.start, query.maxLength],
  };
}

export interface MarkingSeenFetch {
  /**
   * The answer as soon as the server sends it, null when the folder has no such UID. The server
   * has then already recorded \Seen: what is left is its tagged OK, sent once that is on disk.
   */
  answer: Promise<MarkingSeenAnswer | null>;
  /** The end of the command (its tagged OK); rejects when the server refuses it or the connection fails. */
  done: Promise<void>;
}

/**
 * `UID FETCH uid (UID [head items] BODY[…]…)` in the selected mailbox. Both promises reject when
 * the command fails before answering; `done` alone when it fails after.
 */
export function fetchMarkingSeen(client: ImapFlow, uid: number, query: MarkingSeenQuery): MarkingSeenFetch {
  const mailbox = client.mailbox;
  if (!mailbox || query.sections.length === 0) {
    const refused = Promise.reject(new Error(mailbox ? 'a FETCH that marks read needs a body section' : 'FETCH without a selected mailbox'));
    refused.catch(() => {});
    return { answer: refused, done: refused };
  }
  const items: Atom[] = [{ type: 'ATOM', value: 'UID' }, ...(query.head ? HEAD_ITEMS : []), ...query.sections.map(bodyItem)];
  let answered = false;
  let settle!: (answer: MarkingSeenAnswer | null) => void;
  let fail!: (err: unknown) => void;
  const answer = new Promise<MarkingSeenAnswer | null>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const done = (client as unknown as CommandQueue)
    .exec('UID FETCH', [{ type: 'SEQUENCE', value: String(uid) }, items], {
      untagged: {
        FETCH: async (untagged) => {
          const message = await formatMessageResponse(untagged, mailbox);
          // The row that answers the body items: the server may also report, in rows of their
          // own, flag changes made meanwhile by other clients, to this message or others.
          if (answered || message.uid !== uid || (!message.source && !message.bodyParts)) return;
          answered = true;
          settle({ message, markedSeen: message.flags?.has('\\Seen') ?? false });
        },
      },
    })
    .then(
      (response) => {
        response.next();
        settle(null); // no row for this UID (a no-op once answered)
      },
      (err: unknown) => {
        fail(err);
        throw err;
      },
    );
  // A caller that has its answer may never look at the end: a failure then must not go unhandled.
  done.catch(() => {});
  return { answer, done };
}
