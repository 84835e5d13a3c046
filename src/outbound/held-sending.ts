/**
 * How the webmail holds a message it sends (« Annuler », « Envoyer plus tard »): the agreement
 * between the webmail, which asks, and our submission port, which queues the message for later.
 * Both sides read it here, so that neither imports the other.
 */

/**
 * The field that asks for a delayed send (ISO 8601 or RFC 5322 date). Submission removes it
 * before anyone sees the message.
 */
export const SEND_AFTER_FIELD = 'x-webmel-send-after';

/** « Envoyer plus tard » reaches at most a year ahead: a typo should not park a message for ever. */
export const MAX_SEND_DELAY_MS = 366 * 24 * 3600 * 1000;

/** The text of the 250 reply to a held message: when it leaves, and its queue id for `cancel`. */
export function scheduledReply(at: string, queueId: number): string {
  return `2.0.0 envoi programmé le ${at} / scheduled as ${queueId}`;
}

/** The queue id a 250 reply to a held message names, or null for any other reply. */
export function scheduledQueueId(reply: string): number | null {
  const match = /scheduled as (\d+)/.exec(reply);
  return match ? Number(match[1]) : null;
}
