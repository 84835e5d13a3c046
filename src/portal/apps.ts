/**
 * « Les services »: the applications I-Prof links to (SIAM for mutations, SIAP for
 * promotions, SIAC for concours…; shared/domain.md §4.2), configured by the administration.
 *
 * An application that accepts our session (`sso`) is opened with a one-time ticket in its URL,
 * as CAS does: it asks us, server to server, whom the ticket stands for (`redeem`), within a
 * minute and once, for that application only. The agent does not sign in again; the
 * application never sees a password or our session's cookie. Only a hash of a ticket is kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { PortalError } from './portal-error.js';

/** Long enough for a browser's redirect and the application's call back; short enough to be useless once leaked in a log. */
export const TICKET_TTL_MS = 60_000;
const CODE = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;
const MAX_NAME_CHARS = 80;
const MAX_DESCRIPTION_CHARS = 400;

export interface PortalApp {
  code: string;
  name: string;
  description: string;
  url: string;
  sso: boolean;
}

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

export class PortalApps {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      list: db.prepare(`SELECT code, name, description, url, sso FROM portal_apps ORDER BY position, code`),
      get: db.prepare(`SELECT code, name, description, url, sso FROM portal_apps WHERE code = ?`),
      upsert: db.prepare(
        `INSERT INTO portal_apps (code, name, description, url, sso, position)
         VALUES (@code, @name, @description, @url, @sso, (SELECT coalesce(max(position), 0) + 1 FROM portal_apps))
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description, url = excluded.url, sso = excluded.sso`,
      ),
      remove: db.prepare(`DELETE FROM portal_apps WHERE code = ?`),
      insertTicket: db.prepare(`INSERT INTO portal_app_tickets (ticket_hash, app_code, account_id, expires_at) VALUES (?, ?, ?, ?)`),
      takeTicket: db.prepare(`DELETE FROM portal_app_tickets WHERE ticket_hash = ? RETURNING app_code, account_id, expires_at`),
      purgeTickets: db.prepare(`DELETE FROM portal_app_tickets WHERE expires_at < ?`),
    };
  }

  list(): PortalApp[] {
    return (this.stmt.list.all() as AppRow[]).map(toApp);
  }

  get(code: string): PortalApp | null {
    const row = this.stmt.get.get(code.trim().toUpperCase()) as AppRow | undefined;
    return row ? toApp(row) : null;
  }

  /** Adds an application or changes the one with that code. */
  set(input: PortalApp): PortalApp {
    const code = input.code.trim().toUpperCase();
    if (!CODE.test(code)) throw new PortalError(`Code invalide « ${input.code} » : lettres, chiffres, - ou _, 20 au plus (ex. SIAM).`);
    const name = input.name.trim();
    if (name === '' || name.length > MAX_NAME_CHARS) throw new PortalError(`Le nom est obligatoire, ${MAX_NAME_CHARS} caractères au plus.`);
    const description = input.description.trim();
    if (description.length > MAX_DESCRIPTION_CHARS) throw new PortalError(`Description trop longue : ${MAX_DESCRIPTION_CHARS} caractères au plus.`);
    this.stmt.upsert.run({ code, name, description, url: httpUrl(input.url), sso: input.sso ? 1 : 0 });
    return this.get(code)!;
  }

  remove(code: string): boolean {
    return this.stmt.remove.run(code.trim().toUpperCase()).changes > 0;
  }

  /**
   * Where « Ouvrir » sends the agent: the application's URL, with a fresh one-time ticket when
   * it accepts our session. Null for an unknown code.
   */
  openingUrl(code: string, accountId: number, now = Date.now()): string | null {
    const app = this.get(code);
    if (!app) return null;
    if (!app.sso) return app.url;
    const ticket = `ST-${randomBytes(24).toString('base64url')}`;
    this.db.transaction(() => {
      this.stmt.purgeTickets.run(now);
      this.stmt.insertTicket.run(hashOf(ticket), app.code, accountId, now + TICKET_TTL_MS);
    })();
    const url = new URL(app.url);
    url.searchParams.set('ticket', ticket);
    return url.toString();
  }

  /**
   * The account a ticket stands for, for the application it was made for: once, before it
   * expires. Null otherwise (unknown, used, expired, or another application's), and the
   * ticket is spent whatever the answer, so a guess costs the guesser the ticket too.
   */
  redeem(code: string, ticket: string, now = Date.now()): number | null {
    const row = this.stmt.takeTicket.get(hashOf(ticket)) as { app_code: string; account_id: number; expires_at: number } | undefined;
    if (!row || row.expires_at < now || row.app_code !== code.trim().toUpperCase()) return null;
    return row.account_id;
  }
}

interface AppRow {
  code: string;
  name: string;
  description: string;
  url: string;
  sso: number;
}

function toApp(row: AppRow): PortalApp {
  return { ...row, sso: row.sso === 1 };
}

function httpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new PortalError(`Adresse invalide « ${text.trim().slice(0, 80)} » : une adresse http ou https est attendue.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PortalError(`Adresse invalide « ${text.trim().slice(0, 80)} » : une adresse http ou https est attendue.`);
  return url.toString();
}
