/**
 * Text search over one folder through the substring index built after delivery (migration 13):
 * `content_search`, an FTS5 trigram index (case-insensitive, accents folded) over the decoded
 * Subject, From, To, Cc and Bcc, the whole decoded header, and the body text. A phrase of
 * trigrams is a substring: RFC 3501 6.4.4's « contains the specified string » for SUBJECT,
 * FROM, TO, CC, BCC, HEADER on those fields, BODY and TEXT (« sdfghjk » finds « asdfghjkl »).
 *
 * A trigram cannot describe fewer than three characters, and a very long needle would be a
 * very long query: such needles are answered by a scan of the folder, LIKE over the decoded
 * header columns, or the message text computed again for BODY and TEXT (bounded by the folder's
 * size; a long needle first narrows the folder through the index with its beginning).
 *
 * Every query is restricted to one folder and returns its matching UIDs in ascending order. The
 * index is shared by every account (a bulletin to 50,000 staff is stored once), so the folder
 * restriction is what keeps one account from ever seeing another's messages.
 */
import type { Db } from '../db/database.js';
import { prepareMessage, type PreparedMessage } from './prepare-message.js';

/** Columns of the index that hold one header field each, as IMAP SEARCH names them. */
export type IndexedField = 'subject' | 'from_text' | 'to_text' | 'cc_text' | 'bcc_text';

/** Every column of the index: the header fields, the whole header, the body text. */
export type SearchColumn = IndexedField | 'headers' | 'body';

/** Decoded `contents` columns that only LIKE can search (no index covers them). */
export type PlainColumn = 'message_id' | 'in_reply_to' | 'refs';

/** The trigram tokenizer indexes runs of three characters: shorter needles need a scan. */
export const MIN_TRIGRAM_CHARS = 3;

/**
 * Longest needle sent to the index: every character adds a term to the phrase query. A longer
 * one is a pasted paragraph; its first characters already select the few messages to check.
 */
export const MAX_TRIGRAM_NEEDLE_CHARS = 512;

/** Where the scan finds each column's text in a message prepared again. */
const COLUMN_TEXT: Record<SearchColumn, (m: PreparedMessage) => string> = {
  subject: (m) => m.subject,
  from_text: (m) => m.fromText,
  to_text: (m) => m.toText,
  cc_text: (m) => m.ccText,
  bcc_text: (m) => m.bccText,
  headers: (m) => m.headerText,
  body: (m) => m.bodyText,
};

/** `abc%_\` → `abc\%\_\\` for `LIKE ? ESCAPE '\'`. */
function likePattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 string literal (FTS5 doubles embedded quotes). */
function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The folding of the trigram tokenizer's `remove_diacritics 1`, case-insensitive: « É » is « e ». */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

export class SearchIndex {
  private readonly stmt;

  /** `beforeQuery` writes the contents still waiting for the index (mail-store.ts). */
  constructor(
    private readonly db: Db,
    private readonly beforeQuery: () => void = () => {},
  ) {
    const inFolder = (subquery: string) =>
      db
        .prepare(`SELECT uid FROM messages WHERE mailbox_id = ? AND content_id IN (${subquery}) ORDER BY uid`)
        .pluck(true);
    this.stmt = {
      trigram: inFolder(`SELECT rowid FROM content_search WHERE content_search MATCH ?`),
      raws: db.prepare(
        `SELECT m.uid, r.raw FROM messages m JOIN content_raw r ON r.content_id = m.content_id
         WHERE m.mailbox_id = ? ORDER BY m.uid`,
      ),
      allUids: db.prepare(`SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid`).pluck(true),
      headers: db.prepare(
        `SELECT m.uid, substr(r.raw, 1, json_extract(c.mime, '$.headerEnd')) AS header
         FROM messages m JOIN contents c ON c.id = m.content_id JOIN content_raw r ON r.content_id = m.content_id
         WHERE m.mailbox_id = ? ORDER BY m.uid`,
      ),
    };
  }

  /**
   * UIDs whose text in any of `columns` contains `needle` (case-insensitive, accents folded).
   * An empty needle is in every message.
   */
  contains(mailboxId: number, columns: readonly SearchColumn[], needle: string): number[] {
    this.beforeQuery();
    const length = [...needle].length;
    if (length === 0) return this.all(mailboxId);
    const headerFieldsOnly = columns.every((column) => column !== 'headers' && column !== 'body');
    if (length < MIN_TRIGRAM_CHARS) {
      return headerFieldsOnly ? this.like(mailboxId, columns, needle) : this.scan(mailboxId, null, columns, needle);
    }
    const prefix = length <= MAX_TRIGRAM_NEEDLE_CHARS ? needle : [...needle].slice(0, MAX_TRIGRAM_NEEDLE_CHARS).join('');
    const query = `{${columns.join(' ')}} : ${ftsString(prefix)}`;
    const found = this.stmt.trigram.all(mailboxId, query) as number[];
    return prefix === needle ? found : this.scan(mailboxId, found, columns, needle);
  }

  /** Substring of a decoded column no index covers (Message-ID, In-Reply-To, References). */
  columnContains(mailboxId: number, column: PlainColumn, needle: string): number[] {
    if (needle === '') {
      return this.db
        .prepare(
          `SELECT m.uid FROM messages m JOIN contents c ON c.id = m.content_id
           WHERE m.mailbox_id = ? AND c.${column} IS NOT NULL ORDER BY m.uid`,
        )
        .pluck(true)
        .all(mailboxId) as number[];
    }
    return this.like(mailboxId, [column], needle);
  }

  /**
   * Calls `visit` with each message's raw header, for HEADER keys on fields no index covers.
   * Streams the folder once, whatever the number of such keys: the cost is bounded by the
   * folder, not by the query.
   */
  forEachHeader(mailboxId: number, visit: (uid: number, header: Buffer) => void): void {
    for (const row of this.stmt.headers.iterate(mailboxId) as Iterable<{ uid: number; header: Buffer | null }>) {
      if (row.header) visit(row.uid, row.header);
    }
  }

  private all(mailboxId: number): number[] {
    return this.stmt.allUids.all(mailboxId) as number[];
  }

  /**
   * The messages of the folder (or of `candidates`, ascending UIDs) whose text, computed again
   * from their bytes, contains the needle, folded as the index folds.
   */
  private scan(mailboxId: number, candidates: readonly number[] | null, columns: readonly SearchColumn[], needle: string): number[] {
    const wanted = foldText(needle);
    const among = candidates === null ? null : new Set(candidates);
    const found: number[] = [];
    for (const row of this.stmt.raws.iterate(mailboxId) as Iterable<{ uid: number; raw: Buffer }>) {
      if (among !== null && !among.has(row.uid)) continue;
      const message = prepareMessage(row.raw);
      if (columns.some((column) => foldText(COLUMN_TEXT[column](message)).includes(wanted))) found.push(row.uid);
    }
    return found;
  }

  private like(mailboxId: number, columns: readonly string[], needle: string): number[] {
    const where = columns.map((column) => `c.${column} LIKE @pattern ESCAPE '\\'`).join(' OR ');
    return this.db
      .prepare(
        `SELECT m.uid FROM messages m JOIN contents c ON c.id = m.content_id
         WHERE m.mailbox_id = @mailboxId AND (${where}) ORDER BY m.uid`,
      )
      .pluck(true)
      .all({ mailboxId, pattern: likePattern(needle) }) as number[];
  }
}
