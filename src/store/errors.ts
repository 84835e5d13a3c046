/**
 * Domain errors of the mail store. They carry no protocol code: each edge (SMTP, IMAP, web)
 * maps them to its own reply in one function.
 */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** The write would take the account over its limit (plus grace, for inbound delivery). */
export class QuotaExceededError extends StoreError {
  override name = 'QuotaExceededError';
  constructor(
    readonly accountId: number,
    readonly usedBytes: number,
    readonly limitBytes: number,
    readonly neededBytes: number,
  ) {
    super(`Quota dépassé : ${usedBytes} + ${neededBytes} octets pour une limite de ${limitBytes}`);
  }
}

export class MailboxNotFoundError extends StoreError {
  override name = 'MailboxNotFoundError';
  constructor(readonly mailboxName: string) {
    super(`Dossier introuvable : ${mailboxName}`);
  }
}

export class MailboxExistsError extends StoreError {
  override name = 'MailboxExistsError';
  constructor(readonly mailboxName: string) {
    super(`Le dossier existe déjà : ${mailboxName}`);
  }
}

/** Refused mailbox operation: deleting INBOX, a special folder, a bad name… */
export class MailboxOperationError extends StoreError {
  override name = 'MailboxOperationError';
}
