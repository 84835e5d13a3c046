/**
 * The mail store of every protocol (SMTP delivery, IMAP, the CLI, the quota): mailboxes,
 * messages, contents (one row per distinct message, a bulletin to 50,000 staff stored once),
 * flags, UIDs and MODSEQs, subscriptions, the quota usage of each account, and the indexes
 * derived from the contents (search-index.ts, imap-formats.ts).
 *
 * Tables (schema.ts): mailboxes, mailbox_counts, messages, contents, content_raw, content_text,
 * content_search, content_words, content_imap, quota_usage, store_sequences, subscriptions.
 *
 * Invariants:
 * - Every write is one synchronous `BEGIN IMMEDIATE` transaction; nothing awaits inside one.
 *   Parsing (prepare-message.ts) happens before.
 * - The quota counter changes in the same transaction as the insert or delete that moves it:
 *   two deliveries can never both fit when only one does.
 * - Changes are published (changes.ts) only after their transaction has committed.
 * - Content ids are never given again (AUTOINCREMENT), so nothing derived from a deleted
 *   content can be shown for another.
 * - Domain errors only (errors.ts); each protocol maps them to its codes.
 *
 * May import: src/db, src/disk, src/mime, src/thread-load.ts. Imports no protocol, web or queue.
 */
export { DEFAULT_MAILBOXES, DELIMITER, INBOX, MailStore, type Mailbox, type MailboxCounts, type Usage } from './mail-store.js';
export { ChangeNotifier, type StoreChange } from './changes.js';
export { MailboxExistsError, MailboxNotFoundError, MailboxOperationError, QuotaExceededError, StoreError } from './errors.js';
export { prepareMessage, type PreparedMessage } from './prepare-message.js';
export { PERSONAL_SLOT, isPersonalToken, personalize } from './personal.js';
