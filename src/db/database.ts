/**
 * Opens Webmel's one SQLite database (`<dataDir>/webmel.sqlite`) and brings its schema up
 * to date. WAL lets the CLI read and write while the server runs; the busy timeout makes a
 * second process wait for the write lock instead of failing.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { latestVersion, type Migration } from './migrations.js';

export type Db = Database.Database;

export const DATABASE_FILE = 'webmel.sqlite';

/** A CLI command waiting behind a delivery burst should wait, not fail: 10 s is plenty. */
const BUSY_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  synchronous?: 'FULL' | 'NORMAL';
  readonly?: boolean;
  /** How long a write waits for another process's lock before failing (tests shorten it). */
  busyTimeoutMs?: number;
}

/** Opens (creating it when missing) the database of `dataDir`, brought up to date with `schema` (src/schema.ts). */
export function openDatabase(dataDir: string, schema: readonly Migration[], options: OpenOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: options.readonly ?? false });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: each acknowledged commit is on disk before we answer 250 (power loss included).
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  }
  db.pragma('foreign_keys = ON');
  if (!options.readonly) migrate(db, schema);
  return db;
}

/** True when the database has just been created (no account yet): the demo seed runs then. */
export function isEmptyDatabase(db: Db): boolean {
  return (db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n === 0;
}

function migrate(db: Db, schema: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(schema);
  if (current > latest) {
    throw new Error(
      `La base ${DATABASE_FILE} vient d'une version plus récente de Webmel (schéma ${current}, connu : ${latest}).`,
    );
  }
  if (current === latest) return;
  // A migration that rebuilds a table drops the old one; with foreign keys on, that would
  // delete the rows that reference it (ON DELETE CASCADE). SQLite's procedure: keys off
  // (outside any transaction), rebuild, check every reference inside the transaction, keys on.
  // https://sqlite.org/lang_altertable.html#otheralter
  db.pragma('foreign_keys = OFF');
  try {
    for (let version = current + 1; version <= latest; version++) {
      const steps = schema.filter((step) => step.version === version);
      db.transaction(() => {
        for (const step of steps) db.exec(step.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) {
          throw new Error(`Migration ${version} : ${broken.length} référence(s) cassée(s), schéma inchangé.`);
        }
        db.pragma(`user_version = ${version}`);
      }).immediate();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
