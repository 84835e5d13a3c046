/**
 * RFC 5321 4.4: the trace fields the final delivery MTA adds on top of a message:
 * `Return-Path` (the envelope sender) and `Received`.
 */
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';

/** A HELO name is client input: keep printable ASCII only, and not too much of it. */
const MAX_TRACE_TOKEN = 255;

function clean(text: string): string {
  return text.replace(/[^\x21-\x7e]/g, '').slice(0, MAX_TRACE_TOKEN) || 'unknown';
}

/** RFC 5322 3.3 date-time, e.g. `Sat, 28 Nov 2026 16:20:00 +0000`. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

export interface TraceInput {
  session: Pick<SMTPServerSession, 'hostNameAppearsAs' | 'clientHostname' | 'remoteAddress' | 'transmissionType'>;
  hostname: string;
  id: string;
  sender: string;
  recipients: readonly SMTPServerAddress[];
  date?: Date;
}

export function traceHeaders({ session, hostname, id, sender, recipients, date = new Date() }: TraceInput): Buffer {
  const helo = clean(session.hostNameAppearsAs || 'unknown');
  const ip = session.remoteAddress.replace(/^::ffff:/, '');
  const host = clean(session.clientHostname || `[${ip}]`);
  const peer = host === `[${ip}]` ? `[${ip}]` : `${host} [${ip}]`;
  // RFC 5321 4.4: "for" only with a single recipient, so Bcc recipients are not disclosed.
  const only = recipients.length === 1 ? `\r\n\tfor <${clean(recipients[0]!.address)}>` : '';
  const received =
    `Received: from ${helo} (${peer})\r\n\tby ${hostname} (Webmel) with ${clean(session.transmissionType || 'ESMTP')} id ${id}` +
    `${only};\r\n\t${rfc5322Date(date)}\r\n`;
  return Buffer.from(`Return-Path: <${sender.replace(/[\r\n<>]/g, '')}>\r\n${received}`, 'utf8');
}
