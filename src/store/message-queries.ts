/**
 * Lean reads of a folder's messages for IMAP FETCH, SEARCH, SORT and THREAD. Unlike
 * `MailStore.messagesByUids`, each query reads only the columns its caller needs: a
 * `FETCH 1:* (FLAGS UID)` over 10,000 messages must not drag 15 MB of MIME JSON out of SQLite.
 *
 * Bulk reads aggregate their rows into one JSON text inside SQLite (json_group_array) and parse
 * it once: materialising 10,000 rows value by value through the driver costs several times more.
 * Read-only: nothing here opens a write transaction.
 */
import type { Db } from '../db/database.js';

/** What never changes about a message once stored in a folder under a UID. */
export interface MessageFacts {
  uid: number;
  size: number;
  internalDate: number;
  /** Minutes east of UTC an APPEND gave the internal date in; null: the server's zone. */
  internalZone: number | null;
  contentId: number;
  /** The recipient's token for the content's PERSONAL_SLOT (personal.ts), or null. */
  personal: string | null;
}

/** The decoded header fields of a content (stored at delivery) that SORT, THREAD and SEARCH use. */
export interface ContentSummary {
  id: number;
  headerDate: number | null;
  subject: string;
  fromText: string;
  toText: string;
  ccText: string;
  messageId: string | null;
  inReplyTo: string | null;
  refs: string | null;
}

/**
 * A summary with what SORT FROM / TO / CC compare (RFC 5256 3: "[IMAP] addr-mailbox of the
 * first address"): the mailbox part of the first ENVELOPE address of each field, as bytes
 * (a ByteString), '' when the field is absent.
 */
export interface ContentSortSummary extends ContentSummary {
  firstMailbox: { from: string; to: string; cc: string };
  /** The Date: header as written (a ByteString), for SEARCH SENT*'s calendar date. */
  dateText: string | null;
}

export class MessageQueries {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      facts: db
        .prepare(
          `SELECT json_group_array(json_array(uid, size, internal_date, content_id, internal_zone, personal)) FROM (
             SELECT uid, size, internal_date, content_id, internal_zone, personal FROM messages
             WHERE mailbox_id = ? AND uid > ? ORDER BY uid)`,
        )
        .pluck(true),
      factsOf: db
        .prepare(
          `SELECT json_group_array(json_array(uid, size, internal_date, content_id, internal_zone, personal)) FROM (
             SELECT uid, size, internal_date, content_id, internal_zone, personal FROM messages
             WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?)) ORDER BY uid)`,
        )
        .pluck(true),
      // The first address of each field as IMAP's ENVELOPE has it (a group's first entry is the
      // group itself, its name as addr-mailbox), read from the stored tree by SQLite's JSON
      // functions: no tree is parsed in JavaScript.
      summaries: db
        .prepare(
          `SELECT json_group_array(json_array(id, header_date, subject, from_text, to_text, cc_text,
             message_id, in_reply_to, refs, json_extract(mime, '$.envelope.from[0].mailbox'),
             json_extract(mime, '$.envelope.to[0].mailbox'), json_extract(mime, '$.envelope.cc[0].mailbox'),
             json_extract(mime, '$.envelope.date')))
           FROM contents WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .pluck(true),
      mimeByIds: db.prepare(`SELECT id, mime FROM contents WHERE id IN (SELECT value FROM json_each(?))`),
    };
  }

  /** Facts of a folder's messages with a UID above `afterUid`, in UID order. */
  facts(mailboxId: number, afterUid = 0): MessageFacts[] {
    return toFacts(this.stmt.facts.get(mailboxId, afterUid) as string);
  }

  /** Facts of these UIDs of a folder (those that still exist), in UID order. */
  factsOf(mailboxId: number, uids: readonly number[]): MessageFacts[] {
    if (uids.length === 0) return [];
    return toFacts(this.stmt.factsOf.get(mailboxId, JSON.stringify(uids)) as string);
  }

  /** Decoded header fields of these contents (those that still exist), with their sort keys. */
  contentSummaries(contentIds: readonly number[]): ContentSortSummary[] {
    if (contentIds.length === 0) return [];
    const rows = JSON.parse(this.stmt.summaries.get(JSON.stringify(contentIds)) as string) as unknown[][];
    return rows.map((r) => ({
      id: r[0] as number,
      headerDate: r[1] as number | null,
      subject: r[2] as string,
      fromText: r[3] as string,
      toText: r[4] as string,
      ccText: r[5] as string,
      messageId: r[6] as string | null,
      inReplyTo: r[7] as string | null,
      refs: r[8] as string | null,
      firstMailbox: { from: (r[9] as string | null) ?? '', to: (r[10] as string | null) ?? '', cc: (r[11] as string | null) ?? '' },
      dateText: r[12] as string | null,
    }));
  }

  /** The stored MIME tree JSON (mime-tree.ts) of each content id. */
  mimeByContentIds(contentIds: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    if (contentIds.length === 0) return out;
    for (const row of this.stmt.mimeByIds.all(JSON.stringify(contentIds)) as Array<{ id: number; mime: string }>) {
      out.set(row.id, row.mime);
    }
    return out;
  }
}

function toFacts(json: string): MessageFacts[] {
  const rows = JSON.parse(json) as Array<Array<number | string | null>>;
  return rows.map((r) => ({
    uid: r[0] as number,
    size: r[1] as number,
    internalDate: r[2] as number,
    contentId: r[3] as number,
    internalZone: (r[4] as number | null) ?? null,
    personal: (r[5] as string | null) ?? null,
  }));
}
