/**
 * A courrier as the mail store keeps it: an ordinary RFC 5322 message (text/plain, the
 * attachments as parts, built by nodemailer's MailComposer and streamed from their temporary
 * files), so that it is stored, deduplicated and read back like any mail; and its reading back
 * with mailparser.
 */
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface CourrierFile {
  filename: string;
  contentType: string;
  /** A temporary file of the upload; the caller deletes it. */
  path: string;
  size: number;
}

export interface CourrierMime {
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
  theme: string | null;
  attachments: readonly CourrierFile[];
  date: Date;
  hostname: string;
}

/** Marks the message as I-Prof's, with its theme: read back by nobody but kept for an export. */
const THEME_HEADER = 'X-IProf-Theme';

export function buildCourrierMime(input: CourrierMime): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    subject: input.subject,
    text: input.text,
    date: input.date,
    messageId: `<${randomUUID()}@${input.hostname}>`,
    headers: { [THEME_HEADER]: input.theme ?? '', 'Auto-Submitted': 'no' },
    attachments: input.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, path: a.path })),
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message)));
  });
}

export interface CourrierAttachment {
  /** Its place among the message's attachments, from 0: the download URL's. */
  index: number;
  filename: string;
  contentType: string;
  size: number;
}

export interface CourrierContent {
  text: string;
  attachments: CourrierAttachment[];
}

export async function readCourrierMime(raw: Buffer): Promise<CourrierContent> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  return {
    text: parsed.text ?? '',
    attachments: parsed.attachments.map((a, index) => ({
      index,
      filename: a.filename || `piece-jointe-${index + 1}`,
      contentType: a.contentType || 'application/octet-stream',
      size: a.size,
    })),
  };
}

export async function courrierAttachment(raw: Buffer, index: number): Promise<(CourrierAttachment & { content: Buffer }) | null> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const found = parsed.attachments[index];
  if (!found) return null;
  return {
    index,
    filename: found.filename || `piece-jointe-${index + 1}`,
    contentType: found.contentType || 'application/octet-stream',
    size: found.size,
    content: found.content,
  };
}
