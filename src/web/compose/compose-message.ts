/**
 * From a composition to the message bytes: the draft version (lenient: unfinished addresses are
 * kept as typed in the draft's own field) and the version that is sent (checked recipients).
 * Rich-text HTML always goes through the received-mail sanitiser first, whatever the browser
 * sent, so what we send is what we would agree to show.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Account } from '../../accounts/account-store.js';
import { sanitizeMailHtml } from '../mail-render/index.js';
import { parseAddressField, type Recipient } from './address-field.js';
import { buildMessage, type OutgoingMessage } from './build-message.js';
import type { CheckedRecipients } from './compose-fields.js';
import { FIELD_LABELS } from './compose-fields.js';
import type { ComposeDeps } from './compose-deps.js';
import type { ComposeState } from './compose-store.js';
import { formatDraftInfo } from './draft-info.js';

/** The composition's HTML made safe, or null in plain-text mode. */
export function safeHtml(html: string | null): string | null {
  if (html === null) return null;
  // Remote images stay (the sender chose them); cid: references have nothing to point to.
  const clean = sanitizeMailHtml(html, { allowRemote: true, cidUrl: () => null });
  return clean.html.trim() === '' ? null : clean.html;
}

export function sender(account: Account): Recipient {
  return { name: `${account.prenom} ${account.nom}`, address: account.address };
}

/** RFC 5322 3.6.4: a unique id, ours by its right-hand side. */
export function newMessageId(hostname: string): string {
  return `<${randomBytes(12).toString('hex')}@${hostname}>`;
}

function attachmentsOf(cd: ComposeDeps, state: ComposeState) {
  return state.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, path: cd.store.attachmentPath(state, a.id) }));
}

/** What a draft holds: equal hashes mean an autosave has nothing new to write. */
export function contentHash(state: ComposeState): string {
  return createHash('sha256')
    .update(JSON.stringify({ f: state.fields, a: state.attachments.map((a) => a.id), o: state.origin, r: state.inReplyTo }))
    .digest('base64url');
}

/** The draft version of the composition (Bcc kept, unfinished addresses kept as typed). */
export async function draftBytes(cd: ComposeDeps, account: Account, state: ComposeState): Promise<Buffer> {
  const lists: Record<'to' | 'cc' | 'bcc', Recipient[]> = { to: [], cc: [], bcc: [] };
  let unfinished = false;
  for (const name of ['to', 'cc', 'bcc'] as const) {
    const parsed = parseAddressField(state.fields[name], FIELD_LABELS[name]);
    if (parsed.ok) lists[name] = parsed.recipients;
    else unfinished = true;
  }
  const message: OutgoingMessage = {
    from: sender(account),
    ...lists,
    subject: state.fields.subject,
    text: state.fields.text,
    html: safeHtml(state.fields.html),
    attachments: attachmentsOf(cd, state),
    messageId: newMessageId(cd.web.services.config.hostname),
    date: new Date(),
    inReplyTo: state.inReplyTo,
    references: state.references,
    draftInfo: formatDraftInfo({
      kind: state.kind,
      format: state.fields.html !== null ? 'html' : 'text',
      origin: state.origin,
      fields: unfinished ? { to: state.fields.to, cc: state.fields.cc, bcc: state.fields.bcc } : null,
    }),
  };
  return buildMessage(message, { keepBcc: true });
}

/** The message that is sent (and copied to Envoyés, Bcc included there only). */
export async function sendBytes(
  cd: ComposeDeps,
  account: Account,
  state: ComposeState,
  recipients: CheckedRecipients,
  date: Date,
): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = newMessageId(cd.web.services.config.hostname);
  const raw = await buildMessage(
    {
      from: sender(account),
      to: recipients.to,
      cc: recipients.cc,
      bcc: recipients.bcc,
      subject: state.fields.subject,
      text: state.fields.text,
      html: safeHtml(state.fields.html),
      attachments: attachmentsOf(cd, state),
      messageId,
      date,
      inReplyTo: state.inReplyTo,
      references: state.references,
    },
    { keepBcc: true },
  );
  return { raw, messageId };
}
