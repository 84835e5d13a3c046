import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from '../../src/db/database.js';
import { latestVersion } from '../../src/db/migrations.js';
import { SCHEMA } from '../../src/schema.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** The schema as Webmel before content ids became AUTOINCREMENT left it (migrations 1 to 8). */
function databaseAtVersion8(dir: string): void {
  const db = new Database(path.join(dir, DATABASE_FILE));
  db.pragma('foreign_keys = ON');
  for (const step of SCHEMA.filter((s) => s.version <= 8).sort((a, b) => a.version - b.version)) db.exec(step.sql);
  db.pragma('user_version = 8');
  db.exec(`
    INSERT INTO accounts (id, login, address, prenom, nom, numen_hash, password_hash, created_at)
      VALUES (1, 'chabotte', 'charlotte.habotte@ac-test.fr', 'Charlotte', 'Habotté', 'x', 'x', '2026-01-01');
    INSERT INTO mailboxes (id, account_id, name, uid_validity) VALUES (1, 1, 'INBOX', 1);
    INSERT INTO contents (id, sha256, size, refcount, subject, mime, indexed) VALUES (7, x'07', 3, 1, 'Gardé', '{}', 1);
    INSERT INTO content_raw (content_id, raw) VALUES (7, x'616263');
    INSERT INTO content_imap (content_id, envelope, bodystructure) VALUES (7, 'env', 'bs');
    INSERT INTO messages (account_id, mailbox_id, uid, content_id, size, internal_date, modseq, saved_at)
      VALUES (1, 1, 1, 7, 3, 0, 1, 0);
  `);
  db.close();
}

/** Every table, index, trigger and view of a database as sqlite_master has them, in a stable order. */
function schemaOf(db: Database.Database): string {
  const rows = db
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`)
    .all() as Array<{ type: string; name: string; tbl_name: string; sql: string }>;
  const version = db.pragma('user_version', { simple: true }) as number;
  return [`-- user_version ${version}`, ...rows.map((r) => `-- ${r.type} ${r.name} (${r.tbl_name})\n${r.sql};`)].join('\n\n') + '\n';
}

describe('openDatabase', () => {
  const temps: Array<ReturnType<typeof makeTempDir>> = [];
  afterEach(() => {
    for (const temp of temps.splice(0)) temp.cleanup();
  });

  it('builds from the modules\' schemas exactly the database the single migration list built', () => {
    // fixtures/sqlite-master-v14.txt: sqlite_master of a new database at version 14, made by the code
    // before each module took its own tables (issue 17). Same tables, same text, same version.
    const fixture = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sqlite-master-v14.txt'), 'utf8');
    const temp = makeTempDir();
    temps.push(temp);
    const db = openDatabase(temp.dir, SCHEMA.filter((step) => step.version <= 14));
    try {
      expect(schemaOf(db)).toBe(fixture);
    } finally {
      db.close();
    }
  });
});

describe('openDatabase, upgrading', () => {
  const temps: Array<ReturnType<typeof makeTempDir>> = [];
  afterEach(() => {
    for (const temp of temps.splice(0)) temp.cleanup();
  });

  it('rebuilds contents with AUTOINCREMENT keeping every content, its raw bytes, its formats and the messages that use it', () => {
    const temp = makeTempDir();
    temps.push(temp);
    databaseAtVersion8(temp.dir);
    const db = openDatabase(temp.dir, SCHEMA);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(SCHEMA));
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.prepare('SELECT id, subject, refcount FROM contents').all()).toEqual([{ id: 7, subject: 'Gardé', refcount: 1 }]);
      expect(db.prepare('SELECT raw FROM content_raw WHERE content_id = 7').pluck().get()).toEqual(Buffer.from('abc'));
      expect(db.prepare('SELECT envelope FROM content_imap WHERE content_id = 7').pluck().get()).toBe('env');
      expect(db.prepare('SELECT content_id FROM messages').pluck().all()).toEqual([7]);
      // The rebuilt table is the one the others reference: deleting cascades, and ids go on.
      db.exec('DELETE FROM messages; DELETE FROM contents WHERE id = 7');
      expect(db.prepare('SELECT count(*) FROM content_raw').pluck().get()).toBe(0);
      const id = db
        .prepare(`INSERT INTO contents (sha256, size, refcount, mime) VALUES (x'08', 1, 1, '{}')`)
        .run().lastInsertRowid;
      expect(Number(id)).toBe(8);
    } finally {
      db.close();
    }
  });

  it('leaves the schema as it was when a migration would break a reference', () => {
    const temp = makeTempDir();
    temps.push(temp);
    databaseAtVersion8(temp.dir);
    const raw = new Database(path.join(temp.dir, DATABASE_FILE));
    raw.pragma('foreign_keys = OFF');
    // A message pointing at a content that does not exist: migration 9 must refuse to go on.
    raw.exec(`INSERT INTO messages (account_id, mailbox_id, uid, content_id, size, internal_date, modseq, saved_at)
      VALUES (1, 1, 2, 99, 3, 0, 1, 0)`);
    raw.close();
    expect(() => openDatabase(temp.dir, SCHEMA)).toThrow(/Migration 9/);
    const after = new Database(path.join(temp.dir, DATABASE_FILE));
    expect(after.pragma('user_version', { simple: true })).toBe(8);
    after.close();
  });
});
