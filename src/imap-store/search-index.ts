/**
 * Text search over one folder through the indexes built at delivery (migrations.ts):
 * - `content_fts` (unicode61, accents folded): words of the subject, addresses and body, for
 *   IMAP BODY and TEXT. A word search, case- and accent-insensitive; the last word also matches
 *   as a prefix (`rappor` finds « rapports »), which is as close to RFC 3501's substring rule as
 *   a word index gets.
 * - `content_tri` (trigram, accents folded): exact substrings of the subject and address fields,
 *   for SUBJECT, FROM, TO, CC, BCC (« habot » finds chabotte@…), when the needle has at least
 *   three characters (a trigram cannot describe less).
 * - a LIKE scan of the folder's `contents` columns for shorter needles (ASCII case folding only).
 *
 * Every query is restricted to one folder and returns its matching UIDs in ascending order. The
 * indexes are shared by every account (a bulletin to 50,000 staff is stored once), so the folder
 * restriction is what keeps one account from ever seeing another's messages.
 */
import type { Db } from '../db/database.js';

/** Columns of the trigram index, one per header field IMAP SEARCH names. */
export type IndexedField = 'subject' | 'from_text' | 'to_text' | 'cc_text' | 'bcc_text';

/** Decoded `contents` columns that only LIKE can search (no index covers them). */
export type PlainColumn = 'message_id' | 'in_reply_to' | 'refs';

const INDEXED_FIELDS: readonly IndexedField[] = ['subject', 'from_text', 'to_text', 'cc_text', 'bcc_text'];

/** The trigram tokenizer indexes runs of three characters: shorter needles need LIKE. */
export const MIN_TRIGRAM_CHARS = 3;

/**
 * Longest needle sent to the trigram index: every character adds a term to the phrase query.
 * Header fields longer than this are rare and such needles rarer; they go to the LIKE scan,
 * whose cost is bounded by the folder's size instead.
 */
export const MAX_TRIGRAM_NEEDLE_CHARS = 512;

/**
 * Most words of a BODY/TEXT needle used in the phrase query. A longer needle is a pasted
 * paragraph; its first words already select the messages that hold it.
 */
export const MAX_PHRASE_WORDS = 32;

/** Words as the unicode61 tokenizer cuts them: runs of letters, digits and combining marks. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** `abc%_\` → `abc\%\_\\` for `LIKE ? ESCAPE '\'`. */
function likePattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 string literal (RFC-free: FTS5 doubles embedded quotes). */
function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
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
      words: inFolder(`SELECT rowid FROM content_fts WHERE content_fts MATCH ?`),
      trigram: inFolder(`SELECT rowid FROM content_tri WHERE content_tri MATCH ?`),
      allUids: db.prepare(`SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid`).pluck(true),
      headers: db.prepare(
        `SELECT m.uid, substr(r.raw, 1, json_extract(c.mime, '$.headerEnd')) AS header
         FROM messages m JOIN contents c ON c.id = m.content_id JOIN content_raw r ON r.content_id = m.content_id
         WHERE m.mailbox_id = ? ORDER BY m.uid`,
      ),
    };
  }

  /**
   * BODY (scope 'body') and TEXT (scope 'all': subject, addresses and body) by words. A needle
   * without any word character matches nothing: the word index cannot see punctuation.
   */
  words(mailboxId: number, needle: string, scope: 'body' | 'all'): number[] {
    this.beforeQuery();
    const words = needle.match(WORD)?.slice(0, MAX_PHRASE_WORDS) ?? [];
    if (words.length === 0) return needle.trim() === '' ? this.all(mailboxId) : [];
    // FTS5: `"w1 w2" *` is a phrase whose last word is a prefix; `{body} :` limits the column.
    const query = `${scope === 'body' ? '{body} : ' : ''}${ftsString(words.join(' '))} *`;
    return this.stmt.words.all(mailboxId, query) as number[];
  }

  /**
   * Exact substring (case-insensitive, accents folded) of a header field, or of any of them
   * when `field` is null (TEXT's header half).
   */
  substring(mailboxId: number, field: IndexedField | null, needle: string): number[] {
    this.beforeQuery();
    const length = [...needle].length;
    if (length === 0) return this.all(mailboxId);
    if (length >= MIN_TRIGRAM_CHARS && length <= MAX_TRIGRAM_NEEDLE_CHARS) {
      const query = `${field ? `{${field}} : ` : ''}${ftsString(needle)}`;
      return this.stmt.trigram.all(mailboxId, query) as number[];
    }
    return this.like(mailboxId, field ? [field] : INDEXED_FIELDS, needle);
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
