/**
 * An account's mail as one mbox file (mboxrd: a line « From … » in a message gets one more
 * `>`), for an agent leaving for another académie before the mailbox is deleted. Each message
 * is written as its recipient reads it (its own unsubscribe tokens in place) with an
 * `X-Folder:` line saying which folder it was in; memory stays at one message at a time.
 */
import { personalize, type MailStore } from '../store/index.js';

const BATCH = 200;

function asctime(ms: number): string {
  // « Mon Dec  7 15:14:29 2026 », in UTC, as mbox's separator line has it.
  const d = new Date(ms);
  const day = d.toUTCString().slice(0, 3);
  const month = d.toUTCString().slice(8, 11);
  return `${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
}

function escapeFromLines(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/\r\n/g, '\n');
  return Buffer.from(text.replace(/^(>*From )/gm, '>$1'), 'latin1');
}

/**
 * The account's mbox, message by message, read only as it is consumed: a consumer that waits
 * for its socket to drain (stream.Readable.from) holds one message in memory, not the mailbox.
 */
export function* mboxChunks(store: MailStore, accountId: number): Generator<Buffer, number> {
  let count = 0;
  for (const mailbox of store.listMailboxes(accountId)) {
    const uids = store.messageIndex(mailbox.id).map((m) => m.uid);
    for (let i = 0; i < uids.length; i += BATCH) {
      for (const fact of store.queries.factsOf(mailbox.id, uids.slice(i, i + BATCH))) {
        const raw = personalize(store.raw(fact.contentId), fact.personal);
        const body = escapeFromLines(raw);
        yield Buffer.concat([
          Buffer.from(`From MAILER-DAEMON ${asctime(fact.internalDate)}\nX-Folder: ${mailbox.name}\n`, 'utf8'),
          body,
          Buffer.from(body.at(-1) === 0x0a ? '\n' : '\n\n', 'latin1'),
        ]);
        count++;
      }
    }
  }
  return count;
}

/** Writes every message of the account; returns how many. */
export function exportMbox(store: MailStore, accountId: number, write: (chunk: Buffer) => void): number {
  const chunks = mboxChunks(store, accountId);
  for (let next = chunks.next(); ; next = chunks.next()) {
    if (next.done) return next.value;
    write(next.value);
  }
}
