/**
 * SMTP replies as typed errors. smtp-server reads `responseCode`; the message starts with the
 * RFC 3463 enhanced status code, which enhanced-status.ts keeps as the only one on the line.
 */
export class SmtpError extends Error {
  override name = 'SmtpError';
  constructor(
    readonly responseCode: number,
    readonly enhancedCode: string,
    text: string,
  ) {
    super(`${enhancedCode} ${text}`);
  }
}

/** RFC 3463 3.2: X.1.1 bad destination mailbox address. */
export const unknownUser = (address: string) => new SmtpError(550, '5.1.1', `<${address}>: boîte inconnue / no such user`);
/** RFC 3463 3.2: X.2.1 mailbox disabled, not accepting messages. */
export const disabledMailbox = (address: string) =>
  new SmtpError(550, '5.2.1', `<${address}>: boîte désactivée / mailbox disabled`);
/** RFC 3463 3.8: X.7.1 delivery not authorized: we are not an open relay. */
export const relayDenied = (address: string) => new SmtpError(554, '5.7.1', `<${address}>: relais refusé / relay access denied`);
/** RFC 3463 3.3: X.2.2 mailbox full. RFC 5321 4.5.3.1.10: never 552 at RCPT. */
export const mailboxFull = (address: string, permanent: boolean) =>
  permanent
    ? new SmtpError(554, '5.2.2', `<${address}>: boîte pleine / mailbox full`)
    : new SmtpError(452, '4.2.2', `<${address}>: boîte pleine, réessayez plus tard / mailbox full, try again later`);
/** RFC 3463 3.4: X.3.4 message too big for system. */
export const messageTooBig = (limit: number) =>
  new SmtpError(552, '5.3.4', `message trop volumineux (maximum ${limit} octets) / message too big`);
/** RFC 3463 3.4: X.3.0 other or undefined mail system status: a temporary local fault. */
export const localError = () =>
  new SmtpError(451, '4.3.0', 'erreur locale temporaire, réessayez plus tard / local error, try again later');
