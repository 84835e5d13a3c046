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

export interface ReceivedInput {
  session: Pick<SMTPServerSession, 'hostNameAppearsAs' | 'clientHostname' | 'remoteAddress' | 'transmissionType'>;
  hostname: string;
  id: string;
  recipients: readonly Pick<SMTPServerAddress, 'address'>[];
  date?: Date;
}

export interface TraceInput extends ReceivedInput {
  sender: string;
}

/**
 * RFC 5321 4.4 `Received:`. The `with` keyword is the session's transmission type (RFC 3848:
 * ESMTPA after AUTH, ESMTPSA after AUTH over TLS).
 */
export function receivedHeader({ session, hostname, id, recipients, date = new Date() }: ReceivedInput): Buffer {
  const helo = clean(session.hostNameAppearsAs || 'unknown');
  const ip = session.remoteAddress.replace(/^::ffff:/, '');
  const host = clean(session.clientHostname || `[${ip}]`);
  const peer = host === `[${ip}]` ? `[${ip}]` : `${host} [${ip}]`;
  // RFC 5321 4.4: "for" only with a single recipient, so Bcc recipients are not disclosed.
  const only = recipients.length === 1 ? `\r\n\tfor <${clean(recipients[0]!.address)}>` : '';
  return Buffer.from(
    `Received: from ${helo} (${peer})\r\n\tby ${hostname} (Webmel) with ${clean(session.transmissionType || 'ESMTP')} id ${id}` +
      `${only};\r\n\t${rfc5322Date(date)}\r\n`,
    'utf8',
  );
}

/** RFC 5321 4.4: the final delivery MTA records the envelope sender as `Return-Path`. */
export function returnPathHeader(sender: string): Buffer {
  return Buffer.from(`Return-Path: <${sender.replace(/[\r\n<>]/g, '')}>\r\n`, 'utf8');
}

/** Both trace fields, for a message delivered here at once (inbound SMTP). */
export function traceHeaders(input: TraceInput): Buffer {
  return Buffer.concat([returnPathHeader(input.sender), receivedHeader(input)]);
}
