/**
 * What composing says to the IMAP server, on the reader's own pooled connection: read the
 * message being answered or forwarded (and its parts, streamed to disk), save and replace
 * drafts and the copy in Envoyés (APPEND, RFC 3501 6.3.11, with APPENDUID from UIDPLUS,
 * RFC 4315 3), remove them again (UID EXPUNGE), and set or clear \Answered / $Forwarded.
 *
 * A UID means something only with its folder's UIDVALIDITY (RFC 3501 2.3.1.1): every reference
 * kept between requests carries it, and a change of UIDVALIDITY makes the reference void
 * rather than pointing at another message.
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Account } from '../../accounts/account-store.js';
import { listFolders, specialFolder } from '../mail-client/folders.js';
import type { ImapPool } from '../mail-client/imap-pool.js';
import type { Address } from '../mail-client/message-list.js';
import { openMessage, streamPart, streamSource, type MessageText } from '../mail-client/message-read.js';
import type { AttachmentPart } from '../mail-client/message-structure.js';
import type { MessageRef } from './compose-store.js';

type Who = Pick<Account, 'id' | 'login'>;

/** The message being answered or forwarded, as composing needs it. */
export interface ParentMessage {
  ref: MessageRef;
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  date: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  texts: MessageText[];
  attachments: AttachmentPart[];
  size: number;
}

/** The folder with this special use (RFC 6154), or null when the account has none. */
export async function specialPath(pool: ImapPool, account: Who, use: '\\Sent' | '\\Drafts'): Promise<string | null> {
  return specialFolder(await listFolders(pool, account), use)?.path ?? null;
}

function headerValue(headers: Buffer | undefined, name: string): string | null {
  if (!headers) return null;
  // RFC 5322 2.2.3: unfold, then find the field.
  const text = headers.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(text);
  return match ? match[1]!.trim() : null;
}

/** The parent message, or null when the folder has no such UID. */
export async function readParent(pool: ImapPool, account: Who, path: string, uid: number): Promise<ParentMessage | null> {
  const opened = await openMessage(pool, account, path, uid, { markSeen: false });
  if (!opened) return null;
  return pool.inMailbox(account, path, async (client, mailbox) => {
    const head = await client.fetchOne(String(uid), { uid: true, envelope: true, headers: ['references', 'in-reply-to'] }, { uid: true });
    if (!head || head.uid !== uid) return null;
    return {
      ref: { path, uidValidity: String(mailbox.uidValidity), uid },
      subject: opened.subject,
      from: opened.from,
      to: opened.to,
      cc: opened.cc,
      replyTo: opened.replyTo,
      date: opened.sentAt ?? opened.receivedAt,
      messageId: head.envelope?.messageId ?? null,
      inReplyTo: headerValue(head.headers, 'in-reply-to'),
      references: headerValue(head.headers, 'references'),
      texts: opened.texts,
      attachments: opened.layout.attachments,
      size: opened.size,
    };
  });
}

/** Streams one attachment of the parent to `target` (a forward keeps its files). */
export async function copyPart(pool: ImapPool, account: Who, ref: MessageRef, part: string, target: string): Promise<boolean> {
  return streamPart(pool, account, ref.path, ref.uid, part, async (_info, content) => {
    await pipeline(content, fs.createWriteStream(target, { flags: 'wx' }));
  });
}

/** Streams the whole parent to `target` (forward as attachment). */
export async function copySource(pool: ImapPool, account: Who, ref: MessageRef, target: string): Promise<boolean> {
  return streamSource(pool, account, ref.path, ref.uid, async (_info, content) => {
    await pipeline(content, fs.createWriteStream(target, { flags: 'wx' }));
  });
}

/** APPENDs `raw` to `path`; returns where it went. */
export async function appendMessage(pool: ImapPool, account: Who, path: string, raw: Buffer, flags: string[]): Promise<MessageRef | null> {
  return pool.run(account, async (client) => {
    const result = await client.append(path, raw, flags);
    if (!result || !result.uid || result.uidValidity === undefined) return null;
    return { path, uidValidity: String(result.uidValidity), uid: result.uid };
  });
}

async function sameValidity(client: ImapFlow, ref: MessageRef): Promise<boolean> {
  return String(client.mailbox ? client.mailbox.uidValidity : '') === ref.uidValidity;
}

/** Removes one message for good (an old draft version, an undone Envoyés copy). */
export async function expungeRef(pool: ImapPool, account: Who, ref: MessageRef): Promise<void> {
  await pool.inMailbox(account, ref.path, async (client) => {
    if (!(await sameValidity(client, ref))) return;
    await client.messageDelete(String(ref.uid), { uid: true });
  });
}

/**
 * Sets (or clears) a flag on one message. Returns whether the message changed: a reply to a
 * message already answered must not clear \Answered when it is undone.
 */
export async function changeFlag(pool: ImapPool, account: Who, ref: MessageRef, flag: string, on: boolean): Promise<boolean> {
  return pool.inMailbox(account, ref.path, async (client) => {
    if (!(await sameValidity(client, ref))) return false;
    const head = await client.fetchOne(String(ref.uid), { uid: true, flags: true }, { uid: true });
    if (!head || head.uid !== ref.uid) return false;
    if ((head.flags?.has(flag) ?? false) === on) return false;
    return on
      ? await client.messageFlagsAdd(String(ref.uid), [flag], { uid: true })
      : await client.messageFlagsRemove(String(ref.uid), [flag], { uid: true });
  });
}

/** A draft read back in full and parsed (its size is bounded by the server's message limit). */
export async function readDraft(pool: ImapPool, account: Who, path: string, uid: number): Promise<{ ref: MessageRef; parsed: ParsedMail; size: number; isDraft: boolean } | null> {
  return pool.inMailbox(account, path, async (client, mailbox) => {
    const head = await client.fetchOne(String(uid), { uid: true, flags: true, size: true }, { uid: true });
    if (!head || head.uid !== uid) return null;
    const download = await client.download(String(uid), undefined, { uid: true });
    if (!download.content) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of download.content) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
    return {
      ref: { path, uidValidity: String(mailbox.uidValidity), uid },
      parsed,
      size: head.size ?? raw.length,
      isDraft: head.flags?.has('\\Draft') ?? false,
    };
  });
}
