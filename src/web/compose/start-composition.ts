/**
 * Opening a composition: a new message, a reply (to the sender, or to all), a forward (the text
 * quoted inline with the files kept, or the whole message attached as message/rfc822), or a
 * draft reopened from Brouillons. The parent is read over the reader's own IMAP connection from
 * the reader's own folder, so nobody can answer, forward or reopen another account's message.
 */
import fs from 'node:fs';
import type { Account } from '../../accounts/account-store.js';
import { cleanFilename } from '../http/content-disposition.js';
import type { Address } from '../mail-client/message-list.js';
import { formatAddressField, type Recipient } from './address-field.js';
import type { ComposeDeps } from './compose-deps.js';
import { copyPart, copySource, readDraft, readParent, specialPath, type ParentMessage } from './compose-imap.js';
import { contentHash, safeHtml } from './compose-message.js';
import { emptyFields, type ComposeKind, type ComposeState } from './compose-store.js';
import { parseDraftInfo } from './draft-info.js';
import { bodyAsText, forwardBody, replyBody, withSignature } from './quote-text.js';
import { forwardSubject, replySubject } from './subject-prefix.js';
import { messageIds, replyThreadHeaders } from './thread-headers.js';
import { largestFileThatFits, MAX_ATTACHMENTS } from './upload-limits.js';

export type ReplyMode = 'reply' | 'reply-all';

/** The body a composition starts with: the signature, then (replies, forwards) the quote. */
function opening(signature: string, quoted = ''): string {
  const top = withSignature('', signature);
  if (!quoted) return top;
  return top ? `${top}\n${quoted}` : `\n\n${quoted}`;
}

function isSelf(account: Account, address: string, domain: string): boolean {
  const a = address.toLowerCase();
  return a === account.address.toLowerCase() || a === `${account.login}@${domain}`.toLowerCase();
}

function uniqueRecipients(list: readonly Address[], exclude: (address: string) => boolean): Recipient[] {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const a of list) {
    const key = a.address.toLowerCase();
    if (!a.address || seen.has(key) || exclude(a.address)) continue;
    seen.add(key);
    out.push({ name: a.name, address: a.address });
  }
  return out;
}

/** Remembers how the composition looked when opened (see ComposeState.initialHash). */
function opened(cd: ComposeDeps, state: ComposeState): ComposeState {
  state.initialHash = contentHash(state);
  cd.store.save(state);
  return state;
}

export function startNew(cd: ComposeDeps, account: Account, prefill: { to?: string } = {}): ComposeState {
  const fields = emptyFields();
  fields.to = prefill.to ?? '';
  fields.text = opening(cd.signatures.get(account.id));
  return opened(cd, cd.store.create(account.id, { kind: 'new', origin: null, inReplyTo: null, references: [], fields }));
}

/** Who a reply goes to (RFC 5322 3.6.2: Reply-To when present, else From). */
export function replyRecipients(account: Account, parent: ParentMessage, mode: ReplyMode, domain: string): { to: Recipient[]; cc: Recipient[] } {
  const self = (address: string) => isSelf(account, address, domain);
  const author = parent.replyTo.length > 0 ? parent.replyTo : parent.from;
  // Answering one's own message goes to its recipients, as mail clients do.
  const fromSelf = author.every((a) => self(a.address));
  const primary = fromSelf ? parent.to : author;
  if (mode === 'reply') return { to: uniqueRecipients(primary, fromSelf ? self : () => false), cc: [] };
  const to = uniqueRecipients([...primary, ...parent.to], self);
  const inTo = new Set(to.map((r) => r.address.toLowerCase()));
  const cc = uniqueRecipients(parent.cc, (address) => self(address) || inTo.has(address.toLowerCase()));
  return to.length > 0 ? { to, cc } : { to: cc, cc: [] };
}

export async function startReply(cd: ComposeDeps, account: Account, path: string, uid: number, mode: ReplyMode): Promise<ComposeState | null> {
  const parent = await readParent(cd.web.pool, account, path, uid);
  if (!parent) return null;
  const { to, cc } = replyRecipients(account, parent, mode, cd.web.services.config.domain);
  const thread = replyThreadHeaders(parent);
  const fields = emptyFields();
  fields.to = formatAddressField(to);
  fields.cc = formatAddressField(cc);
  fields.subject = replySubject(parent.subject);
  fields.text = opening(
    cd.signatures.get(account.id),
    replyBody({ from: parent.from[0] ?? null, date: parent.date, text: bodyAsText(parent.texts) }),
  );
  return opened(
    cd,
    cd.store.create(account.id, {
      kind: mode,
      origin: { ...parent.ref, flag: '\\Answered' },
      inReplyTo: thread.inReplyTo,
      references: thread.references,
      fields,
    }),
  );
}

/** Streams a part into the composition, if it still fits; returns whether it was kept. */
async function keepFile(cd: ComposeDeps, state: ComposeState, meta: { filename: string; contentType: string; size: number }, write: (target: string) => Promise<boolean>): Promise<boolean> {
  const room = largestFileThatFits(cd.web.services.config.maxMessageBytes, state.attachments.map((a) => a.size));
  if (meta.size > room || state.attachments.length >= MAX_ATTACHMENTS) return false;
  const target = cd.store.tempPath(state);
  try {
    if (!(await write(target))) return false;
    const size = fs.statSync(target).size;
    cd.store.adopt(state, target, { ...meta, size });
    return true;
  } finally {
    fs.rmSync(target, { force: true });
  }
}

export interface ForwardStart {
  state: ComposeState;
  /** Files of the parent left out because they would not fit. */
  leftOut: string[];
}

export async function startForward(cd: ComposeDeps, account: Account, path: string, uid: number, attached: boolean): Promise<ForwardStart | null> {
  const parent = await readParent(cd.web.pool, account, path, uid);
  if (!parent) return null;
  const fields = emptyFields();
  fields.subject = forwardSubject(parent.subject);
  const signature = cd.signatures.get(account.id);
  fields.text = attached
    ? opening(signature)
    : opening(signature, forwardBody({ subject: parent.subject, from: parent.from, to: parent.to, cc: parent.cc, date: parent.date, text: bodyAsText(parent.texts) }));
  const kind: ComposeKind = attached ? 'forward-attached' : 'forward';
  const state = cd.store.create(account.id, {
    kind,
    origin: { ...parent.ref, flag: '$Forwarded' },
    inReplyTo: null,
    // Not a reply, but the forward belongs to the thread for clients that group by References.
    references: messageIds(parent.messageId),
    fields,
  });
  const leftOut: string[] = [];
  if (attached) {
    const filename = `${cleanFilename(parent.subject.slice(0, 150), 'message')}.eml`;
    const kept = await keepFile(cd, state, { filename, contentType: 'message/rfc822', size: parent.size }, (target) => copySource(cd.web.pool, account, parent.ref, target));
    if (!kept) leftOut.push(filename);
  } else {
    for (const part of parent.attachments) {
      const filename = cleanFilename(part.filename, 'piece-jointe');
      const kept = await keepFile(cd, state, { filename, contentType: part.contentType, size: part.size }, (target) => copyPart(cd.web.pool, account, parent.ref, part.part, target));
      if (!kept) leftOut.push(filename);
    }
  }
  return { state: opened(cd, state), leftOut };
}

function addressText(value: { text?: string } | Array<{ text?: string }> | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((v) => v.text ?? '').filter(Boolean).join(', ');
}

/**
 * Reopens a draft: only from Brouillons, or a message flagged \Draft. Sending or saving it
 * again replaces this very message.
 */
export async function reopenDraft(cd: ComposeDeps, account: Account, path: string, uid: number): Promise<ComposeState | null> {
  const draftsPath = await specialPath(cd.web.pool, account, '\\Drafts');
  const draft = await readDraft(cd.web.pool, account, path, uid);
  if (!draft || (path !== draftsPath && !draft.isDraft)) return null;
  const { parsed } = draft;
  const info = parseDraftInfo(parsed.headers.get('x-webmel-draft-info') as string | undefined);
  const fields = emptyFields();
  fields.to = info.fields?.to ?? addressText(parsed.to);
  fields.cc = info.fields?.cc ?? addressText(parsed.cc);
  fields.bcc = info.fields?.bcc ?? addressText(parsed.bcc);
  fields.subject = parsed.subject ?? '';
  fields.text = (parsed.text ?? '').replace(/\r\n?/g, '\n').replace(/\n$/, '');
  fields.html = info.format === 'html' && typeof parsed.html === 'string' ? safeHtml(parsed.html) : null;
  const references = Array.isArray(parsed.references) ? parsed.references.join(' ') : parsed.references ?? null;
  const state = cd.store.create(account.id, {
    kind: info.kind,
    origin: info.origin,
    inReplyTo: messageIds(parsed.inReplyTo)[0] ?? null,
    references: messageIds(references),
    fields,
    draft: { ...draft.ref, size: draft.size },
  });
  for (const attachment of parsed.attachments) {
    const filename = cleanFilename(attachment.filename ?? '', 'piece-jointe');
    await keepFile(cd, state, { filename, contentType: attachment.contentType || 'application/octet-stream', size: attachment.size }, async (target) => {
      fs.writeFileSync(target, attachment.content, { flag: 'wx' });
      return true;
    });
  }
  // What the draft holds is what we hold: no autosave until something changes.
  state.savedHash = contentHash(state);
  return opened(cd, state);
}
