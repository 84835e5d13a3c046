/**
 * Builds the small messages Webmel writes itself (quota warnings, delivery status
 * notifications) as raw RFC 5322 bytes: UTF-8 text in quoted-printable, headers encoded
 * with RFC 2047 encoded words, CRLF line endings.
 */
import { randomBytes } from 'node:crypto';
import libmime from 'libmime';
import libqp from 'libqp';

export interface SystemPart {
  contentType: string;
  /** Text is sent as UTF-8 quoted-printable; a Buffer goes out as is (7bit/8bit content). */
  body: string | Buffer;
  /**
   * `8bit`: text as UTF-8 lines, never cut inside a word, so a token in it stays one run of
   * bytes (src/store/personal.ts); lines are wrapped at spaces under RFC 5322's 998 octets.
   * Only for mail that never leaves this server.
   */
  transferEncoding?: '8bit';
}

export interface SystemMessage {
  from: { name: string; address: string };
  /** The recipient, or null for `To: undisclosed-recipients:;` (mail to many, each in BCC). */
  to: string | null;
  subject: string;
  /** Extra header lines, already valid (e.g. `Auto-Submitted: auto-generated`). */
  headers?: Record<string, string>;
  /** One part (text/plain) or several (multipart/<multipartType>). */
  parts: SystemPart[];
  multipartType?: string;
  multipartParams?: string;
  hostname: string;
}

function encodeHeader(value: string): string {
  return libmime.encodeWords(value, 'Q', 52);
}

/** Under 998 octets per line (RFC 5322 2.1.1), cut at the last space that fits. */
const MAX_8BIT_LINE = 990;

function wrap8bit(text: string): string {
  const out: string[] = [];
  for (let line of text.split(/\r?\n/)) {
    while (Buffer.byteLength(line, 'utf8') > MAX_8BIT_LINE) {
      let cut = line.lastIndexOf(' ', MAX_8BIT_LINE / 4);
      if (cut <= 0) cut = Math.floor(MAX_8BIT_LINE / 4);
      out.push(line.slice(0, cut));
      line = line.slice(cut).replace(/^ /, '');
    }
    out.push(line);
  }
  return out.join('\r\n');
}

function renderPart(part: SystemPart): string {
  if (typeof part.body === 'string' && part.transferEncoding === '8bit') {
    const bytes = Buffer.from(wrap8bit(part.body), 'utf8').toString('latin1');
    return `Content-Type: ${part.contentType}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${bytes}`;
  }
  if (typeof part.body === 'string') {
    const encoded = libqp.wrap(libqp.encode(Buffer.from(part.body.replace(/\r?\n/g, '\r\n'), 'utf8')), 76);
    return `Content-Type: ${part.contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${encoded}`;
  }
  return `Content-Type: ${part.contentType}\r\n\r\n${part.body.toString('latin1')}`;
}

export function composeSystemMessage(message: SystemMessage, date = new Date()): Buffer {
  const lines = [
    `From: ${encodeHeader(message.from.name)} <${message.from.address}>`,
    message.to === null ? 'To: undisclosed-recipients:;' : `To: <${message.to}>`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${message.hostname}>`,
    'MIME-Version: 1.0',
    ...Object.entries(message.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  let body: string;
  if (message.parts.length === 1 && !message.multipartType) {
    body = renderPart(message.parts[0]!);
  } else {
    const boundary = `=_webmel_${randomBytes(10).toString('hex')}`;
    const params = message.multipartParams ? `; ${message.multipartParams}` : '';
    body =
      `Content-Type: multipart/${message.multipartType ?? 'mixed'}${params}; boundary="${boundary}"\r\n\r\n` +
      message.parts.map((part) => `--${boundary}\r\n${renderPart(part)}\r\n`).join('') +
      `--${boundary}--\r\n`;
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n${body}`, 'latin1');
}
