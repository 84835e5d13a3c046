/**
 * Turns a composition into an RFC 5322 message with nodemailer's MailComposer: text/plain, or
 * multipart/alternative with the sanitised HTML, and the attachments streamed from disk
 * (base64), a forwarded message as message/rfc822 (RFC 2046 5.2.1). Header values are already
 * single-line and checked (address-field.ts); MailComposer encodes them (RFC 2047) and folds.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Recipient } from './address-field.js';

/** The draft's own header: which message it answers, read back when the draft is reopened. */
export const DRAFT_INFO_HEADER = 'X-Webmel-Draft-Info';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  path: string;
}

export interface OutgoingMessage {
  from: Recipient;
  to: readonly Recipient[];
  cc: readonly Recipient[];
  bcc: readonly Recipient[];
  subject: string;
  text: string;
  /** Sanitised HTML (rich-text mode), or null for plain text only. */
  html: string | null;
  attachments: readonly OutgoingAttachment[];
  messageId: string;
  date: Date;
  inReplyTo: string | null;
  references: readonly string[];
  /** Drafts only. */
  draftInfo?: string;
}

function recipients(list: readonly Recipient[]) {
  return list.map((r) => ({ name: r.name, address: r.address }));
}

/**
 * The message bytes. `keepBcc`: the sender's own copies (Envoyés, Brouillons) keep the Bcc
 * field; the submission server removes it from what recipients get (RFC 5322 3.6.3).
 */
export async function buildMessage(message: OutgoingMessage, options: { keepBcc: boolean }): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: message.from.name, address: message.from.address },
    to: recipients(message.to),
    cc: recipients(message.cc),
    bcc: recipients(message.bcc),
    subject: message.subject,
    text: message.text,
    ...(message.html !== null ? { html: message.html } : {}),
    textEncoding: 'quoted-printable',
    messageId: message.messageId,
    date: message.date,
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references.length > 0 ? { references: [...message.references] } : {}),
    ...(message.draftInfo ? { headers: { [DRAFT_INFO_HEADER]: message.draftInfo } } : {}),
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      path: a.path,
      contentDisposition: 'attachment' as const,
    })),
    // Never fetch a URL or read a file named inside the content.
    disableUrlAccess: true,
    disableFileAccess: false,
  });
  const node = composer.compile();
  node.keepBcc = options.keepBcc;
  return node.build();
}
