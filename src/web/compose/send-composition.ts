/**
 * « Envoyer »: check the recipients, build the message, make sure its copy fits in Envoyés
 * (or hear that the reader does without one), submit it held for the undo window (or until
 * the chosen time), then file the copy, flag the message answered or forwarded, and remove
 * the draft. « Annuler » within the window takes it back out of the queue and undoes those
 * three steps; the composition reopens as it was, saved again as a draft.
 *
 * The sender's own quota never blocks sending: only the copy in Envoyés needs room.
 */
import type { Account } from '../../accounts/account-store.js';
import { formatSize } from '../views/format.js';
import { checkRecipients, type FieldErrors } from './compose-fields.js';
import type { ComposeDeps } from './compose-deps.js';
import { appendMessage, changeFlag, expungeRef, specialPath } from './compose-imap.js';
import { sendBytes } from './compose-message.js';
import type { ComposeState } from './compose-store.js';
import { deleteDraft, saveDraft } from './save-draft.js';
import { submit, SubmissionRefusedError } from './submission-client.js';

export type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'no-room-for-copy'; size: number; free: number }
  | { kind: 'failed'; message: string };

export interface SendOptions {
  /** Keep a copy in Envoyés (the reader may decline when it does not fit). */
  keepCopy: boolean;
  /** « Envoyer plus tard »: when; null sends now, after the undo window. */
  at: number | null;
  /** The folder to go back to afterwards. */
  back: string;
}

/** The submission server's refusal in French, by its RFC 3463 enhanced code. */
export function refusalText(err: SubmissionRefusedError): string {
  const reply = err.message;
  const code = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? '';
  if (code === '4.7.1') return 'Vous avez atteint la limite de messages envoyés par heure. Réessayez plus tard : votre message est gardé dans les brouillons.';
  if (code === '4.5.3') return 'Trop de destinataires pour un seul message : envoyez-le en plusieurs fois.';
  if (code === '5.3.4') return 'Le message est trop volumineux pour être envoyé : retirez une pièce jointe.';
  if (code === '5.1.1') return 'Une adresse de l’académie n’existe pas : vérifiez les destinataires.';
  if (code === '4.2.2' || code === '5.2.2') return 'La boîte d’un destinataire est pleine : le message ne peut pas lui être remis pour le moment.';
  if (code === '4.3.1') return 'Le serveur de messagerie manque d’espace disque : l’envoi est refusé pour le moment. Réessayez plus tard.';
  if (err.responseCode === null) return 'Le serveur d’envoi ne répond pas. Votre message est gardé dans les brouillons ; réessayez dans quelques instants.';
  return `Le serveur d’envoi a refusé le message (${reply.slice(0, 200)}). Votre message est gardé dans les brouillons.`;
}

function imapCode(err: unknown): string | null {
  const code = (err as { serverResponseCode?: unknown } | null)?.serverResponseCode;
  return typeof code === 'string' ? code : null;
}

/** Sends the composition (the caller holds its lock). */
export async function sendComposition(cd: ComposeDeps, account: Account, state: ComposeState, options: SendOptions): Promise<SendOutcome> {
  const { services } = cd.web;
  const { config } = services;
  if (state.sent) return { kind: 'failed', message: 'Ce message a déjà été envoyé.' };
  const submission = cd.settings.submission;
  if (!submission) return { kind: 'failed', message: 'L’envoi de messages n’est pas disponible sur ce serveur. Votre message est gardé dans les brouillons.' };

  const checked = checkRecipients(state.fields, { delivery: services.delivery, maxRecipients: config.submissionMaxRecipients });
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors };

  const now = Date.now();
  const sendAfter = options.at ?? now + cd.settings.undoSendMs;
  const { raw } = await sendBytes(cd, account, state, checked.recipients, new Date(options.at ?? now));
  if (raw.length > config.maxMessageBytes) {
    return {
      kind: 'invalid',
      errors: { form: `Le message pèse ${formatSize(raw.length)} une fois encodé, au-delà des ${formatSize(config.maxMessageBytes)} permis. Retirez une pièce jointe.` },
    };
  }

  const sentPath = options.keepCopy ? await specialPath(cd.web.pool, account, '\\Sent') : null;
  if (sentPath) {
    // The draft goes away when the message leaves: its room counts as free.
    const figures = services.quota.of(account);
    const used = figures.usedBytes - (state.draft?.size ?? 0);
    const limit = figures.limitBytes;
    if (used + raw.length > limit) return { kind: 'no-room-for-copy', size: raw.length, free: Math.max(0, limit - used) };
  }

  let result;
  try {
    result = await submit(
      { ...submission, serviceSecret: config.serviceSecret },
      { login: account.login, envelopeFrom: account.address, recipients: checked.recipients.all, raw, sendAfter },
    );
  } catch (err) {
    if (!(err instanceof SubmissionRefusedError)) throw err;
    services.log.info({ user: account.login, code: err.responseCode, reply: err.message }, 'webmail submission refused');
    return { kind: 'failed', message: refusalText(err) };
  }

  // The message is accepted: from here on, nothing may turn this into a failure.
  let sentCopy = null;
  if (sentPath) {
    try {
      sentCopy = await appendMessage(cd.web.pool, account, sentPath, raw, ['\\Seen']);
    } catch (err) {
      if (imapCode(err) !== 'OVERQUOTA') services.log.warn({ err, user: account.login }, 'copy to Sent failed');
    }
  }
  let flagAdded = false;
  if (state.origin) {
    flagAdded = await changeFlag(cd.web.pool, account, state.origin, state.origin.flag, true).catch((err: unknown) => {
      services.log.debug({ err, user: account.login }, 'origin message not flagged');
      return false;
    });
  }
  state.sent = { queueId: result.queueId ?? 0, sendAfter, scheduled: options.at !== null, sentCopy, flagAdded, refused: result.refused, back: options.back };
  cd.store.save(state);
  await deleteDraft(cd, account, state).catch((err: unknown) => services.log.warn({ err, user: account.login }, 'draft not removed after sending'));
  return { kind: 'sent' };
}

export type UndoOutcome = 'undone' | 'too-late' | 'not-sent';

/** « Annuler » (the caller holds the lock): back out of the queue, then undo the side effects. */
export async function undoSend(cd: ComposeDeps, account: Account, state: ComposeState): Promise<UndoOutcome> {
  const sent = state.sent;
  if (!sent) return 'not-sent';
  // The queue decides: once a delivery has been attempted, it is too late (outbound-store.ts).
  if (sent.queueId === 0 || !cd.web.services.outbound.cancel(sent.queueId, account.address)) return 'too-late';
  const log = cd.web.services.log;
  if (sent.sentCopy) await expungeRef(cd.web.pool, account, sent.sentCopy).catch((err: unknown) => log.warn({ err }, 'undone copy not removed'));
  if (sent.flagAdded && state.origin) {
    await changeFlag(cd.web.pool, account, state.origin, state.origin.flag, false).catch((err: unknown) => log.debug({ err }, 'flag not cleared'));
  }
  state.sent = null;
  cd.store.save(state);
  // Back to a draft, so that closing the page now loses nothing.
  await saveDraft(cd, account, state, { force: true }).catch((err: unknown) => log.warn({ err }, 'draft not saved after undo'));
  return 'undone';
}
