/**
 * A publication's message (the RFC 5322 bytes Bulletins.message gives) read as the webmail
 * shows a received one: its sender, date and subject, and the body it would show, the HTML
 * alternative when there is one (for the sandboxed frame, through the message frame's own
 * sanitiser), the plain text otherwise. The bytes are our own composition (src/bulletins), at
 * most a few megabytes: mailparser reads them whole.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import type { Address } from '../mail-client/message-list.js';

export interface BulletinMessage {
  from: Address[];
  date: Date | null;
  subject: string;
  /** The one text shown: `html` goes to the frame, `plain` is escaped into the page. */
  body: { kind: 'plain' | 'html'; text: string } | null;
}

function addresses(value: AddressObject | AddressObject[] | undefined): Address[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((group) => group.value).flatMap((a) => (a.address ? [{ name: a.name ?? '', address: a.address }] : []));
}

export async function readBulletinMessage(raw: Buffer): Promise<BulletinMessage> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const body = typeof parsed.html === 'string' && parsed.html.trim() !== '' ? { kind: 'html' as const, text: parsed.html } : parsed.text ? { kind: 'plain' as const, text: parsed.text } : null;
  return { from: addresses(parsed.from), date: parsed.date ?? null, subject: parsed.subject ?? '', body };
}
