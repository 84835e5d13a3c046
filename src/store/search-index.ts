/**
 * Text search over one folder (RFC 3501 6.4.4: every text key is « contains the specified
 * string », case-insensitive; accents are folded too, as French readers expect), in two parts
 * built after delivery (migration 13):
 * - `content_text`: each content's searchable text, folded (foldText): the decoded Subject,
 *   From, To, Cc, Bcc, the whole decoded header (TEXT reads every field) and the body text.
 *   The answer is always `instr()` on this text, in SQLite's C: exact, and fast enough to scan
 *   a whole folder for a needle of one or two characters, which no trigram describes.
 * - `content_search`: an FTS5 trigram index of the same text with `detail=column` (which
 *   columns hold a trigram, not where), narrowing a folder to the contents holding every trigram
 *   of the needle before `instr()` checks them. Without positions it is a third of the size and
 *   of the indexing time of a phrase index.
 * - `content_words`: the words of the same folded text (FTS5 unicode61, no further folding,
 *   `detail=column`). A needle of letters and digits that begins a word is in the text: such
 *   contents need no `instr()`, so a word found in every message of a large folder (which the
 *   trigrams cannot narrow) costs a look-up, not a read of every message's text.
 *
 * Every query is restricted to one folder and returns its matching UIDs in ascending order. The
 * tables are shared by every account (a bulletin to 50,000 staff is stored once), so the folder
 * restriction is what keeps one account from ever seeing another's messages.
 */
import type { Db } from '../db/database.js';
import type { PreparedMessage } from './prepare-message.js';

/** The searchable texts of a content, in the order of the tables' columns. */
export const SEARCH_COLUMNS = ['subject', 'from_text', 'to_text', 'cc_text', 'bcc_text', 'headers', 'body'] as const;
export type SearchColumn = (typeof SEARCH_COLUMNS)[number];

/** A needle the word index can prove present: one run of letters and digits, as unicode61 cuts words. */
const ONE_WORD = /^[\p{L}\p{N}]+$/u;

/** Columns that hold one header field each, as IMAP SEARCH names them. */
export type IndexedField = Exclude<SearchColumn, 'headers' | 'body'>;

/** Decoded `contents` columns that only LIKE can search (no index covers them). */
export type PlainColumn = 'message_id' | 'in_reply_to' | 'refs';

/** What a content's search text is made of (prepare-message.ts). */
export type IndexedText = Pick<PreparedMessage, 'subject' | 'addressSearch' | 'headerText' | 'bodyText'>;

/** The trigram tokenizer indexes runs of three characters: shorter needles are only scanned. */
export const MIN_TRIGRAM_CHARS = 3;

/**
 * Trigrams of a needle that narrow the folder: every one must be in a content for it to be
 * checked. Side by side ones (every third character, and the last three) already cover the
 * needle; overlapping ones would only merge more of the index's longest lists (« que », « ion »
 * are in every French message), and instr() decides anyway.
 */
export const MAX_QUERY_TRIGRAMS = 8;

/** `abc%_\` → `abc\%\_\\` for `LIKE ? ESCAPE '\'`. */
function likePattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 string literal (FTS5 doubles embedded quotes). */
function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Case and accents folded (« Élève » → « eleve »), for the stored text and the needle alike. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The folded texts of a content, in SEARCH_COLUMNS order. */
function foldedTexts(text: IndexedText): string[] {
  const { from, to, cc, bcc } = text.addressSearch;
  return [text.subject, from, to, cc, bcc, text.headerText, text.bodyText].map(foldText);
}

/** `{body headers} : ("abc" AND "bcd" …)`: the contents holding every trigram of `needle` in one of `columns`. */
function trigramQuery(columns: readonly SearchColumn[], needle: readonly string[]): string {
  const trigrams = new Set<string>();
  for (let i = 0; i + MIN_TRIGRAM_CHARS <= needle.length && trigrams.size < MAX_QUERY_TRIGRAMS - 1; i += MIN_TRIGRAM_CHARS) {
    trigrams.add(needle.slice(i, i + MIN_TRIGRAM_CHARS).join(''));
  }
  trigrams.add(needle.slice(-MIN_TRIGRAM_CHARS).join(''));
  return `{${columns.join(' ')}} : (${[...trigrams].map(ftsString).join(' AND ')})`;
}

export class SearchIndex {
  private readonly stmt;
  /** The search statements, one per set of columns and kind (with or without the index). */
  private readonly searches = new Map<string, ReturnType<Db['prepare']>>();

  /** `beforeQuery` writes the contents still waiting for the index (mail-store.ts). */
  constructor(
    private readonly db: Db,
    private readonly beforeQuery: () => void = () => {},
  ) {
    const columns = SEARCH_COLUMNS.join(', ');
    const values = SEARCH_COLUMNS.map(() => '?').join(', ');
    this.stmt = {
      insertText: db.prepare(`INSERT OR REPLACE INTO content_text (content_id, ${columns}) VALUES (?, ${values})`),
      insertTrigrams: db.prepare(`INSERT INTO content_search (rowid, ${columns}) VALUES (?, ${values})`),
      deleteTrigrams: db.prepare(`DELETE FROM content_search WHERE rowid = ?`),
      insertWords: db.prepare(`INSERT INTO content_words (rowid, ${columns}) VALUES (?, ${values})`),
      deleteWords: db.prepare(`DELETE FROM content_words WHERE rowid = ?`),
      allUids: db.prepare(`SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid`).pluck(true),
      headers: db.prepare(
        `SELECT m.uid, substr(r.raw, 1, json_extract(c.mime, '$.headerEnd')) AS header
         FROM messages m JOIN contents c ON c.id = m.content_id JOIN content_raw r ON r.content_id = m.content_id
         WHERE m.mailbox_id = ? ORDER BY m.uid`,
      ),
    };
  }

  /** Writes a content's text and trigrams (inside the caller's transaction). */
  add(contentId: number, text: IndexedText): void {
    const folded = foldedTexts(text);
    this.stmt.insertText.run(contentId, ...folded);
    this.stmt.insertTrigrams.run(contentId, ...folded);
    this.stmt.insertWords.run(contentId, ...folded);
  }

  /** Forgets a content's trigrams and words (its text goes with the content: ON DELETE CASCADE). */
  remove(contentId: number): void {
    this.stmt.deleteTrigrams.run(contentId);
    this.stmt.deleteWords.run(contentId);
  }

  /**
   * UIDs whose text in any of `columns` contains `needle` (case-insensitive, accents folded).
   * An empty needle is in every message.
   */
  contains(mailboxId: number, columns: readonly SearchColumn[], needle: string): number[] {
    this.beforeQuery();
    const folded = foldText(needle);
    const chars = [...folded];
    if (chars.length === 0) return this.all(mailboxId);
    const indexed = chars.length >= MIN_TRIGRAM_CHARS;
    const byWord = indexed && ONE_WORD.test(folded);
    const params: unknown[] = [mailboxId];
    if (indexed) params.push(trigramQuery(columns, chars));
    if (byWord) params.push(`{${columns.join(' ')}} : ${ftsString(folded)} *`);
    params.push(...columns.map(() => folded));
    return this.search(columns, indexed, byWord).all(params) as number[];
  }

  /**
   * The statement for `columns`: narrowed by the trigram index (or scanning the folder), the
   * contents where a word begins with the needle taken without reading their text (`byWord`),
   * the others checked with `instr()`.
   */
  private search(columns: readonly SearchColumn[], indexed: boolean, byWord: boolean): ReturnType<Db['prepare']> {
    const key = `${indexed ? 'index' : 'scan'}:${byWord ? 'word' : 'text'}:${columns.join(',')}`;
    let statement = this.searches.get(key);
    if (statement === undefined) {
      const narrowed = indexed ? 'AND m.content_id IN (SELECT rowid FROM content_search WHERE content_search MATCH ?)' : '';
      const proved = byWord ? 'm.content_id IN (SELECT rowid FROM content_words WHERE content_words MATCH ?) OR ' : '';
      const checked = columns.map((column) => `instr(t.${column}, ?) > 0`).join(' OR ');
      // The text is read in a subquery, only for the messages the word index did not prove:
      // a join would load every long row, which costs more than the rest of the search.
      statement = this.db
        .prepare(
          `SELECT m.uid FROM messages m WHERE m.mailbox_id = ? ${narrowed}
             AND (${proved}EXISTS (SELECT 1 FROM content_text t WHERE t.content_id = m.content_id AND (${checked})))
           ORDER BY m.uid`,
        )
        .pluck(true);
      this.searches.set(key, statement);
    }
    return statement;
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
