/**
 * What the web shows when the IMAP server refuses a command: one function maps RFC 5530
 * response codes to a French sentence for the reader. Other failures (connection lost, a server
 * fault) are not the reader's doing and end as a 503 page.
 */

/** A refusal the reader can act on; `message` is French and safe to show. */
export class MailActionError extends Error {
  override name = 'MailActionError';
}

interface ImapFlowErrorLike {
  responseStatus?: string;
  serverResponseCode?: string;
  mailboxMissing?: boolean;
}

function asImapError(err: unknown): ImapFlowErrorLike | null {
  return err !== null && typeof err === 'object' ? (err as ImapFlowErrorLike) : null;
}

/** getMailboxLock/SELECT on a folder that does not exist (or is not the reader's). */
export function isMailboxMissing(err: unknown): boolean {
  const e = asImapError(err);
  return Boolean(e && (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT'));
}

const MESSAGES: Record<string, string> = {
  ALREADYEXISTS: 'Un dossier porte déjà ce nom.',
  NONEXISTENT: 'Ce dossier n’existe pas (ou plus).',
  OVERQUOTA: 'Votre boîte est pleine : libérez de l’espace puis réessayez.',
  LIMIT: 'Limite atteinte : trop de dossiers ou de messages à la fois.',
  NOPERM: 'Cette opération n’est pas permise sur ce dossier.',
  CANNOT: 'Cette opération n’est pas possible sur ce dossier.',
  INUSE: 'Le dossier est occupé, réessayez dans un instant.',
};

/** The French sentence for a command the server answered NO to, or null for any other failure. */
export function refusalMessage(err: unknown): string | null {
  if (err instanceof MailActionError) return err.message;
  const e = asImapError(err);
  if (!e || e.responseStatus !== 'NO') return null;
  return MESSAGES[e.serverResponseCode ?? ''] ?? 'Le serveur de messagerie a refusé l’opération.';
}
