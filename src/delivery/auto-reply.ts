/**
 * Automatic replies (RFC 3834), for now those of a departed agent (issue 21: « X a quitté
 * l'académie, écrivez à Y »). A reply goes at most once a week to a sender, never to the null
 * sender, a list, bulk mail or another automatic message, so that two responders never loop;
 * it leaves with the null envelope sender (RFC 3834 3.1.10), and says Auto-Submitted: auto-replied.
 */
import type { Db } from '../db/database.js';
import { composeSystemMessage } from '../mime/compose-system-message.js';
import type { PreparedMessage } from '../store/prepare-message.js';

export const AUTO_REPLY_INTERVAL_MS = 7 * 86_400_000;

export interface AutoReplyText {
  subject: string;
  text: string;
}

/** The reply an account gives now, or null (the delivery asks for each message it stores). */
export type AutoReplySource = (accountId: number) => AutoReplyText | null;

/** The header fields of a raw message, unfolded, by lower-case name (the first of each). */
function headerFields(raw: Buffer): Map<string, string> {
  const text = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const fields = new Map<string, string>();
  for (const line of (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim().toLowerCase());
  }
  return fields;
}

/** RFC 3834 2: who must never get an automatic reply. */
export function mayAutoReply(message: Pick<PreparedMessage, 'raw'>, sender: string): boolean {
  if (!sender || !sender.includes('@')) return false;
  const local = sender.slice(0, sender.lastIndexOf('@')).toLowerCase();
  if (/^(mailer-daemon|postmaster|listserv|majordomo|owner-.*|.*-request|.*-owner|ne-pas-repondre|noreply|no-reply)$/.test(local)) return false;
  const fields = headerFields(message.raw);
  const header = (name: string) => fields.get(name) ?? null;
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== null && autoSubmitted !== 'no') return false;
  if (/^(bulk|list|junk)$/.test(header('precedence') ?? '')) return false;
  return header('list-id') === null && header('list-unsubscribe') === null;
}

export class AutoReplies {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      claim: db.prepare(
        `INSERT INTO delivery_auto_replies (account_id, sender, sent_at) VALUES (@accountId, @sender, @now)
         ON CONFLICT DO UPDATE SET sent_at = @now WHERE sent_at < @since`,
      ),
    };
  }

  /** True (and noted) when `sender` has had no reply from `accountId` this week. */
  claim(accountId: number, sender: string, now = Date.now()): boolean {
    return this.stmt.claim.run({ accountId, sender: sender.toLowerCase(), now, since: now - AUTO_REPLY_INTERVAL_MS }).changes === 1;
  }
}

export function composeAutoReply(input: {
  hostname: string;
  from: { name: string; address: string };
  to: string;
  reply: AutoReplyText;
  original: Pick<PreparedMessage, 'messageId' | 'subject'>;
}): Buffer {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-replied' };
  if (input.original.messageId) {
    headers['In-Reply-To'] = input.original.messageId;
    headers['References'] = input.original.messageId;
  }
  return composeSystemMessage({
    hostname: input.hostname,
    from: input.from,
    to: input.to,
    subject: input.reply.subject,
    headers,
    parts: [{ contentType: 'text/plain', body: input.reply.text }],
  });
}
