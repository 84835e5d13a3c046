/**
 * Webmail sessions, kept server-side in SQLite so they survive a restart and can be revoked.
 * The cookie carries a random token; only its SHA-256 is stored, so a copy of the database does
 * not let anyone sign in. The only module with SQL on `web_sessions`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { unlessDiskFull } from '../disk/disk-full.js';

/** Signed-in sessions end after this long without a request from their owner. */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** And after this long whatever the activity: a stolen cookie does not live for ever. */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often per session: each write is a synced commit. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;
/** Bytes of randomness in a session token (256 bits). */
const TOKEN_BYTES = 32;
/** Stored user agents are cut here: enough to recognise a browser in the list. */
const MAX_USER_AGENT_CHARS = 300;

export interface WebSession {
  id: number;
  accountId: number;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  userAgent: string;
  ip: string;
  flash: string | null;
  /** When « Masquer » hid the élections banner in this session (ms), or null while it shows. */
  electionBannerHiddenAt: number | null;
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

const COLUMNS = `id, account_id AS accountId, csrf_token AS csrfToken, created_at AS createdAt,
  last_seen_at AS lastSeenAt, user_agent AS userAgent, ip, flash, election_banner_hidden_at AS electionBannerHiddenAt`;

export class SessionStore {
  private readonly stmt;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO web_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, user_agent, ip)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      byToken: db.prepare(`SELECT ${COLUMNS} FROM web_sessions WHERE token_hash = ?`),
      activeCount: db.prepare(`SELECT count(*) FROM web_sessions WHERE last_seen_at >= ? AND created_at >= ?`).pluck(),
      ofAccount: db.prepare(`SELECT ${COLUMNS} FROM web_sessions WHERE account_id = ? ORDER BY last_seen_at DESC`),
      touch: db.prepare(`UPDATE web_sessions SET last_seen_at = ? WHERE id = ?`),
      setFlash: db.prepare(`UPDATE web_sessions SET flash = ? WHERE id = ?`),
      clearFlash: db.prepare(`UPDATE web_sessions SET flash = NULL WHERE id = ? AND flash = ?`),
      hideElectionBanner: db.prepare(`UPDATE web_sessions SET election_banner_hidden_at = ? WHERE id = ? AND election_banner_hidden_at IS NULL`),
      deleteById: db.prepare(`DELETE FROM web_sessions WHERE id = ?`),
      deleteOwned: db.prepare(`DELETE FROM web_sessions WHERE id = ? AND account_id = ?`),
      deleteOthers: db.prepare(`DELETE FROM web_sessions WHERE account_id = ? AND id != ?`),
      deleteAll: db.prepare(`DELETE FROM web_sessions WHERE account_id = ?`),
      purge: db.prepare(`DELETE FROM web_sessions WHERE last_seen_at < ? OR created_at < ?`),
    };
  }

  /** Opens a session; returns it with the token for the cookie (shown nowhere else). */
  create(accountId: number, userAgent: string, ip: string): { session: WebSession; token: string } {
    this.purgeExpired();
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const csrfToken = randomBytes(TOKEN_BYTES).toString('base64url');
    const now = this.now();
    const info = this.stmt.insert.run(
      hashToken(token),
      accountId,
      csrfToken,
      now,
      now,
      userAgent.slice(0, MAX_USER_AGENT_CHARS),
      ip,
    );
    const session: WebSession = {
      id: Number(info.lastInsertRowid),
      accountId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      userAgent: userAgent.slice(0, MAX_USER_AGENT_CHARS),
      ip,
      flash: null,
      electionBannerHiddenAt: null,
    };
    return { session, token };
  }

  /** The live session behind a cookie token, or null (unknown, idle too long, too old: then deleted). */
  find(token: string): WebSession | null {
    if (token.length === 0 || token.length > 100) return null;
    const session = this.stmt.byToken.get(hashToken(token)) as WebSession | undefined;
    if (!session) return null;
    if (this.isExpired(session)) {
      this.stmt.deleteById.run(session.id);
      return null;
    }
    return session;
  }

  isExpired(session: Pick<WebSession, 'createdAt' | 'lastSeenAt'>): boolean {
    const now = this.now();
    return now - session.lastSeenAt > SESSION_IDLE_TIMEOUT_MS || now - session.createdAt > SESSION_MAX_AGE_MS;
  }

  /**
   * Records activity (at most once per SESSION_TOUCH_INTERVAL_MS). On a full disk the page is
   * served all the same: the session only ends a little earlier if it stays that way.
   */
  touch(session: WebSession): void {
    const now = this.now();
    if (now - session.lastSeenAt < SESSION_TOUCH_INTERVAL_MS) return;
    unlessDiskFull(() => this.stmt.touch.run(now, session.id), null);
    session.lastSeenAt = now;
  }

  /** Sessions not expired, every account together (/metrics). */
  activeCount(): number {
    const now = this.now();
    return this.stmt.activeCount.get(now - SESSION_IDLE_TIMEOUT_MS, now - SESSION_MAX_AGE_MS) as number;
  }

  listForAccount(accountId: number): WebSession[] {
    const all = this.stmt.ofAccount.all(accountId) as WebSession[];
    return all.filter((session) => !this.isExpired(session));
  }

  setFlash(sessionId: number, message: string): void {
    this.stmt.setFlash.run(message, sessionId);
  }

  /** The pending notice (as loaded with the session), cleared as it is read: shown by one page only. */
  takeFlash(session: WebSession): string | null {
    const flash = session.flash;
    if (flash === null) return null;
    session.flash = null;
    // Only the request that clears it shows it, when two pages load at once.
    return this.stmt.clearFlash.run(session.id, flash).changes > 0 ? flash : null;
  }

  /** « Masquer » on the élections banner: hidden for the rest of this session, not for the next. */
  hideElectionBanner(session: WebSession): void {
    if (session.electionBannerHiddenAt !== null) return;
    const now = this.now();
    this.stmt.hideElectionBanner.run(now, session.id);
    session.electionBannerHiddenAt = now;
  }

  delete(sessionId: number): void {
    this.stmt.deleteById.run(sessionId);
  }

  /** « Déconnecter cette session » from the list: only one of the caller's own. */
  deleteOwned(accountId: number, sessionId: number): boolean {
    return this.stmt.deleteOwned.run(sessionId, accountId).changes > 0;
  }

  /** « Déconnecter les autres sessions ». */
  deleteOthers(accountId: number, keepSessionId: number): number {
    return this.stmt.deleteOthers.run(accountId, keepSessionId).changes;
  }

  /** After a password change by reset: every session of the account ends. */
  deleteAll(accountId: number): number {
    return this.stmt.deleteAll.run(accountId).changes;
  }

  purgeExpired(): number {
    const now = this.now();
    return this.stmt.purge.run(now - SESSION_IDLE_TIMEOUT_MS, now - SESSION_MAX_AGE_MS).changes;
  }
}
