/**
 * Opening one message as a desktop client does: its head (envelope, structure) from the account's
 * message cache or one FETCH, then only the text parts it will show (bounded partial fetches,
 * RFC 3501 6.4.5 `<0.n>`), never the attachments. Attachments and the whole message are streamed
 * separately, under the mailbox lock until the last byte (imapflow fetches them in chunks, and
 * another request must not select another folder meanwhile).
 */
import type { Readable } from 'node:stream';
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import type { Account } from '../../accounts/account-store.js';
import { parseMimeTree } from '../../mime/mime-tree.js';
import { sectionRange } from '../../mime/mime-sections.js';
import { decodeBodyText, decodeTransfer } from '../../mime/decode-text.js';
import { amendFoldersRead } from './folders.js';
import { fetchMarkingSeen, type MarkingSeenQuery, type SectionQuery } from './fetch-marking-seen.js';
import type { AccountState, ImapPool, OwnFlagChange } from './imap-pool.js';
import { toHead, type MessageHead } from './message-cache.js';
import { amendPagesRead, seenOnCurrentPage } from './message-list.js';
import { findPart, type AttachmentPart, type BodyPart } from './message-structure.js';
import { isUid } from './uid.js';

/** Text shown per part; longer parts are cut with a notice (the whole message stays downloadable). */
export const MAX_TEXT_PART_BYTES = 2 * 1024 * 1024;
/** Body parts shown per message: a mail with hundreds of inline texts is a hostile one. */
export const MAX_BODY_PARTS = 20;
/**
 * Bytes of the message asked for with the head of an uncached message: the whole of most mail,
 * whose texts are then cut out of it here, as a desktop client does with small messages, so one
 * FETCH does. A larger message has its text parts fetched next, and never its attachments.
 */
export const SPECULATIVE_SOURCE_BYTES = 64 * 1024;
/** cid: images are inlined as data: URLs in the frame up to this size each… */
export const MAX_INLINE_IMAGE_BYTES = 2 * 1024 * 1024;
/** …and this much in total per message; beyond it they are listed as attachments only. */
export const MAX_INLINE_IMAGES_TOTAL_BYTES = 8 * 1024 * 1024;

export interface MessageText {
  kind: 'plain' | 'html';
  text: string;
  truncated: boolean;
}

export interface OpenedMessage extends MessageHead {
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  texts: MessageText[];
}

type Who = Pick<Account, 'id' | 'login'>;

const HEAD_QUERY = { uid: true, flags: true, envelope: true, bodyStructure: true, size: true, internalDate: true } as const;

function textQueries(parts: readonly BodyPart[]): SectionQuery[] {
  return parts.map((p) => ({ key: p.part, start: 0, maxLength: MAX_TEXT_PART_BYTES }));
}

/** Reading a message's body, and what it did to its \Seen flag. */
interface Read {
  message: OpenedMessage;
  /** The FETCH that read the body is what marked it read (fetch-marking-seen.ts). */
  markedSeen: boolean;
  /** The end of that FETCH, answered before its tagged OK: the connection is busy until then. */
  fetchDone: Promise<void>;
}

/**
 * The head, the flags and the body texts: one FETCH when the head is cached (its structure says
 * which parts to ask), and usually one otherwise too (the head with the source, see
 * SPECULATIVE_SOURCE_BYTES). With `markSeen`, that FETCH reads the body without PEEK, so the
 * server marks the message read as it answers; one already read then has its flags asked apart.
 * Null when the folder has no such UID.
 */
async function readMessage(client: ImapFlow, state: AccountState, mailbox: MailboxObject, uid: number, markSeen: boolean): Promise<Read | null> {
  let head = state.messages.get(mailbox.path, mailbox.uidValidity, uid);
  let flags: Set<string> | undefined;
  let markedSeen = false;
  let fetchDone = Promise.resolve();
  const bodies = new Map<string, Buffer>();
  const binary = new Set<string>();
  const keep = (response: { bodyParts?: Map<string, Buffer>; binaryParts?: Set<string> }) => {
    for (const [key, value] of response.bodyParts ?? []) bodies.set(key, value);
    for (const key of response.binaryParts ?? []) binary.add(key);
  };
  // Not when her list, current, shows it read already: then one PEEK FETCH with its flags does.
  // A message without a text part has no body to read: openMessage marks it read with a STORE.
  const marking = markSeen && seenOnCurrentPage(state, mailbox.path, uid) !== true && (head ? head.layout.body.length > 0 : true);
  // The FETCH that marks read, answered as fetchOne would; its end and its effect noted aside.
  const fetchMarking = async (query: MarkingSeenQuery): Promise<FetchMessageObject | false> => {
    const fetch = fetchMarkingSeen(client, uid, query);
    fetchDone = fetch.done;
    const answer = await fetch.answer;
    markedSeen = answer?.markedSeen ?? false;
    return answer?.message ?? false;
  };
  if (head) {
    const parts = head.layout.body.slice(0, MAX_BODY_PARTS);
    const response = marking
      ? await fetchMarking({ head: false, sections: textQueries(parts) })
      : await client.fetchOne(String(uid), { uid: true, flags: true, bodyParts: textQueries(parts) }, { uid: true });
    if (!response || response.uid !== uid) return null;
    flags = response.flags;
    keep(response);
  } else {
    const response = marking
      ? await fetchMarking({ head: true, sections: [{ key: '', start: 0, maxLength: SPECULATIVE_SOURCE_BYTES }] })
      : await client.fetchOne(String(uid), { ...HEAD_QUERY, source: { start: 0, maxLength: SPECULATIVE_SOURCE_BYTES } }, { uid: true });
    if (!response || response.uid !== uid) return null;
    head = toHead(response);
    state.messages.set(mailbox.path, mailbox.uidValidity, head);
    flags = response.flags;
    const wanted = head.layout.body.slice(0, MAX_BODY_PARTS);
    const source = response.source;
    if (source && source.length >= head.size) {
      // The whole message: each text is the same bytes BODY[part] would answer (RFC 3501 6.4.5).
      const tree = parseMimeTree(source);
      for (const part of wanted) {
        const range = sectionRange(tree, part.part);
        if (range) bodies.set(part.part, source.subarray(range.start, range.end));
      }
    }
    const missing = wanted.filter((p) => !bodies.has(p.part));
    if (missing.length > 0) {
      const texts = await client.fetchOne(String(uid), { uid: true, bodyParts: textQueries(missing) }, { uid: true });
      if (texts) keep(texts);
    }
  }
  if (marking && !markedSeen) {
    // Already read (the server reports FLAGS only when the FETCH changed them): ask for them.
    const answer = await client.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
    flags = answer ? answer.flags : undefined;
  }
  const texts = head.layout.body.slice(0, MAX_BODY_PARTS).map((part) => ({
    kind: part.kind,
    text: decodeBodyText(bodies.get(part.part) ?? Buffer.alloc(0), part, binary.has(part.part)),
    truncated: part.size > MAX_TEXT_PART_BYTES,
  }));
  const set = flags ?? new Set<string>();
  return { message: { ...head, seen: set.has('\\Seen'), flagged: set.has('\\Flagged'), answered: set.has('\\Answered'), texts }, markedSeen, fetchDone };
}

/**
 * The message with its body texts, or null when the folder has no such UID. Marks it read when
 * asked, as desktop clients do: by reading its body without PEEK (readMessage), so one command
 * both reads and marks it. Her cached list and counts show it read at once
 * (ImapPool.ownFlagChange). A message with no text to read is marked with a STORE instead, sent
 * on the connection still held once she has her page; what she asks of the server meanwhile
 * waits for it (ImapPool.afterAnswer).
 */
export function openMessage(pool: ImapPool, account: Who, path: string, uid: number, options: { markSeen: boolean }): Promise<OpenedMessage | null> {
  if (!isUid(uid)) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    pool
      .inMailbox(account, path, async (client, mailbox, state) => {
        const amend = (key: string, value: unknown, own: OwnFlagChange) =>
          amendFoldersRead(key, value, own, mailbox.path) ?? amendPagesRead(key, value, own, mailbox.path, uid);
        const before = state.flags;
        // Reading may mark it read: her requests that find their memoised answer outdated by it
        // wait for the amended one (ownFlagChange) rather than ask the server again.
        let readDone: (() => void) | undefined;
        if (options.markSeen) pool.afterAnswer(account, new Promise<void>((done) => (readDone = done)));
        let read: Read | null;
        try {
          read = await readMessage(client, state, mailbox, uid, options.markSeen);
          if (read?.markedSeen) pool.ownFlagChange(account, amend, before).settle();
        } finally {
          readDone?.();
        }
        if (read?.markedSeen) {
          // Her page goes out with the answer; the connection stays hers until the server has
          // put the change on disk and said OK (a failure then is logged, the page stands).
          pool.afterAnswer(account, read.fetchDone);
          resolve(read.message);
          return await read.fetchDone.catch(() => {});
        }
        const message = read?.message ?? null;
        if (!message || !options.markSeen || message.seen) return resolve(message);
        // Shown read at once: the cached list and counts are amended before the STORE goes out,
        // so the reader's next pages need not wait for it, nor fetch anything again after it.
        const change = pool.ownFlagChange(account, amend);
        const marked = (async () => {
          // .SILENT (RFC 3501 6.4.6): we know the outcome, no need for the server to spell it out.
          let stored = false;
          try {
            stored = await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true, silent: true });
          } finally {
            // imapflow answers false for a refused STORE (and throws when the connection fails).
            if (stored) change.settle();
            else change.abandon();
          }
          if (!stored) throw new Error(`STORE \\Seen refused for UID ${uid}`);
        })();
        pool.afterAnswer(account, marked);
        resolve({ ...message, seen: true });
        await marked;
      })
      .catch(reject);
  });
}

/** What the message frame needs: the texts and the cid: images as data: URLs (bounded). */
export function openMessageForFrame(
  pool: ImapPool,
  account: Who,
  path: string,
  uid: number,
): Promise<{ message: OpenedMessage; images: Map<string, string> } | null> {
  if (!isUid(uid)) return Promise.resolve(null);
  return pool.inMailbox(account, path, async (client, mailbox, state) => {
    const message = (await readMessage(client, state, mailbox, uid, false))?.message;
    if (!message) return null;
    const images = new Map<string, string>();
    const wanted: AttachmentPart[] = [];
    let budget = MAX_INLINE_IMAGES_TOTAL_BYTES;
    for (const part of message.layout.related.values()) {
      if (!part.previewable || !part.contentId || part.size > MAX_INLINE_IMAGE_BYTES || part.size > budget) continue;
      budget -= part.size;
      wanted.push(part);
    }
    if (wanted.length > 0 && message.texts.some((t) => t.kind === 'html')) {
      const response = await client.fetchOne(String(uid), { uid: true, bodyParts: wanted.map((p) => p.part) }, { uid: true });
      for (const part of wanted) {
        const raw = response ? response.bodyParts?.get(part.part) : undefined;
        if (!raw || !part.contentId) continue;
        const bytes = response && response.binaryParts?.has(part.part) ? raw : decodeTransfer(raw, part.encoding);
        images.set(part.contentId, `data:${part.contentType};base64,${bytes.toString('base64')}`);
      }
    }
    return { message, images };
  });
}

/** The cached head, or a FETCH of it. */
async function headOf(client: ImapFlow, state: AccountState, mailbox: MailboxObject, uid: number): Promise<MessageHead | null> {
  const cached = state.messages.get(mailbox.path, mailbox.uidValidity, uid);
  if (cached) {
    // The cache holds only what existed; it may have been expunged since.
    const still = await client.fetchOne(String(uid), { uid: true }, { uid: true });
    return still && still.uid === uid ? cached : null;
  }
  const response = await client.fetchOne(String(uid), HEAD_QUERY, { uid: true });
  if (!response || response.uid !== uid) return null;
  const head = toHead(response);
  state.messages.set(mailbox.path, mailbox.uidValidity, head);
  return head;
}

/**
 * Streams one attachment (or cid: resource) to `sink`. Only parts the structure lists are
 * fetched: a crafted part number cannot reach a header section or another message. False when
 * the message or part does not exist.
 */
export function streamPart(
  pool: ImapPool,
  account: Who,
  path: string,
  uid: number,
  part: string,
  sink: (info: AttachmentPart, content: Readable) => Promise<void>,
): Promise<boolean> {
  if (!isUid(uid) || !/^[1-9][0-9]{0,4}(\.[1-9][0-9]{0,4}){0,15}$/.test(part)) return Promise.resolve(false);
  return pool.inMailbox(account, path, async (client, mailbox, state) => {
    const head = await headOf(client, state, mailbox, uid);
    const info = head ? findPart(head.layout, part) : null;
    if (!info) return false;
    const download = await client.download(String(uid), part, { uid: true, decodeText: false });
    if (!download.content) return false;
    await sink(info, download.content);
    return true;
  });
}

/** Streams the whole message as received (.eml). */
export function streamSource(
  pool: ImapPool,
  account: Who,
  path: string,
  uid: number,
  sink: (info: { subject: string; size: number }, content: Readable) => Promise<void>,
): Promise<boolean> {
  if (!isUid(uid)) return Promise.resolve(false);
  return pool.inMailbox(account, path, async (client, mailbox, state) => {
    const head = await headOf(client, state, mailbox, uid);
    if (!head) return false;
    const download = await client.download(String(uid), undefined, { uid: true });
    if (!download.content) return false;
    await sink({ subject: head.subject, size: head.size }, download.content);
    return true;
  });
}
