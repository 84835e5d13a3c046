/**
 * IMAP outcomes other than OK. A command throws `ImapBad` for a syntax problem (tagged BAD)
 * and `ImapNo` for an expected refusal (tagged NO with an RFC 5530 response code). Anything
 * else thrown is a server fault: the dispatcher answers `NO [SERVERBUG]` and logs the stack.
 */
export class ImapBad extends Error {
  override name = 'ImapBad';
}

export class ImapNo extends Error {
  override name = 'ImapNo';
  /** `code` is the bracketed response code without brackets, e.g. `OVERQUOTA`, `NONEXISTENT`. */
  constructor(
    readonly code: string | null,
    text: string,
  ) {
    super(text);
  }
}

/**
 * New mail refused for lack of disk space (below WEBMEL_MIN_FREE_MB, or the disk really full).
 * RFC 5530 LIMIT, « ran up against an implementation limit »: the server's room, not the user's
 * quota. OVERQUOTA would tell a client, and its user, that their own mailbox is full, which
 * GETQUOTA would then contradict. Reading, moving and deleting still work.
 */
export const MAIL_SYSTEM_FULL = {
  code: 'LIMIT',
  text: 'Espace disque du serveur insuffisant : nouveaux messages refusés pour le moment (lire, déplacer et supprimer restent possibles)',
} as const;

/** A change that found the disk itself full (past the reserve): the same code, not a server bug. */
export const DISK_FULL = {
  code: 'LIMIT',
  text: 'Disque du serveur plein : modification non enregistrée, réessayez plus tard',
} as const;
