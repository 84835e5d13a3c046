/**
 * The one SQLite database (`<dataDir>/webmel.sqlite`): opening it in WAL mode with a busy
 * timeout (database.ts), bringing it up to date with the migrations it is given
 * (migrations.ts: each module's schema.ts, listed in src/schema.ts), and the two ways a commit
 * waits for the disk (wal-sync.ts off the main thread, relaxed-sync.ts for rebuildable writes).
 *
 * Invariants:
 * - Imports no module: it knows tables only through the migration steps handed to it.
 * - A migration runs with foreign keys off, checks every reference before it commits, and
 *   leaves the schema as it was when it fails.
 *
 * Used by the data modules (accounts, store, outbound, directory, sessions, preferences, disk)
 * and the composition roots; never by a protocol or the web.
 */
export { isEmptyDatabase, openDatabase, type Db } from './database.js';
export { latestVersion, type Migration } from './migrations.js';
