/**
 * Writing mail in the webmail: compositions (new, reply, reply to all, forward inline or as an
 * attachment, reopened drafts), their attachments, drafts in Brouillons, sending through our own
 * submission port with an undo window or at a chosen time, the copy in Envoyés, \Answered and
 * $Forwarded, the signature.
 *
 * Layout:
 * - compose-store.ts: the working copy of a composition on disk (`<dataDir>/compose/<account>/<id>/`).
 * - multipart-form.ts: the compose form read as it arrives (busboy), files straight to disk.
 * - compose-fields.ts, address-field.ts: what was typed, checked (per field, in French).
 * - start-composition.ts: opening one; quote-text.ts, subject-prefix.ts, thread-headers.ts.
 * - compose-message.ts, build-message.ts (nodemailer MailComposer): the message bytes.
 * - save-draft.ts, send-composition.ts: drafts, sending, undo. compose-imap.ts: every IMAP command.
 * - submission-client.ts: nodemailer to our submission port, as the service identity for the user.
 * - the signature itself is kept by src/preferences (signature-store.ts): no SQL here.
 *
 * Invariants:
 * - A composition is reached only under the signed-in account's id; every message read or
 *   changed goes through that account's own IMAP connection.
 * - No header line can be injected: subjects and names are made single-line, address fields
 *   with any control character are refused, message ids are checked before reuse.
 * - Rich-text HTML is always sanitised by the received-mail sanitiser before it is sent, saved
 *   or shown again.
 * - Attachments never exceed the message size the servers accept, base64 growth included, and an
 *   upload over it is cut off as it arrives, never held whole.
 * - A failed send keeps the draft; a sent message leaves only after the undo window, and an undo
 *   puts back everything sending changed (copy in Envoyés, flag, draft).
 * - The sender's own quota never blocks sending: only the copy in Envoyés needs room.
 */
export { composeDeps, DEFAULT_UNDO_SEND_MS, type ComposeDeps, type ComposeSettings } from './compose-deps.js';
