/**
 * smtp-server derives the RFC 3463 enhanced status code from the basic reply code alone
 * (554 is always 5.6.0, 550 always 5.1.1), so a hook cannot answer `554 5.7.1` or
 * `550 5.2.1`. This wraps the one method that writes replies: a reply text that already
 * starts with an enhanced code of the same class keeps it and gets no second one.
 */
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

const ENHANCED_PREFIX = /^([245])\.\d{1,3}\.\d{1,3} /;

let installed = false;

export function keepOwnEnhancedCodes(): void {
  if (installed) return;
  installed = true;
  const proto = SMTPConnection.prototype as unknown as {
    send(code: number, data?: unknown, context?: unknown): void;
  };
  const original = proto.send;
  proto.send = function send(code: number, data?: unknown, context?: unknown): void {
    const match = typeof data === 'string' ? ENHANCED_PREFIX.exec(data) : null;
    if (match && match[1] === String(code)[0]) {
      original.call(this, code, data, false);
      return;
    }
    original.call(this, code, data, context);
  };
}
