/**
 * SMTP replies as typed errors. smtp-server reads `responseCode`; the message starts with the
 * RFC 3463 enhanced status code, which enhanced-status.ts keeps as the only one on the line.
 */
import { isDiskFull } from '../disk/disk-full.js';
import { MailSystemFullError } from '../disk/disk-reserve.js';

export class SmtpError extends Error {
  override name = 'SmtpError';
  constructor(
    readonly responseCode: number,
    readonly enhancedCode: string,
    text: string,
  ) {
    super(`${enhancedCode} ${asciiReply(text)}`);
  }
}

/**
 * RFC 5321 4.2: reply text is US-ASCII. Our replies are bilingual; the French part loses its
 * accents rather than reach a client that would show mojibake.
 */
export function asciiReply(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/[’‘]/g, "'")
    .replace(/[^\x20-\x7e]/g, '?');
}

/**
 * RFC 5321 4.2 / 3.8: a 421 reply names the server and closes the channel; the client retries
 * later. RFC 3463 3.8: X.7.0, a policy refusal (as Postfix answers its per-client limit).
 */
export const tooManyFromAddress = (hostname: string) =>
  new SmtpError(
    421,
    '4.7.0',
    `${hostname} trop de connexions simultanées depuis votre adresse, réessayez plus tard / ` +
      'too many concurrent connections from your address, try again later',
  );
/** RFC 3463 3.4: X.3.2 system not accepting network messages (here: every connection slot taken). */
export const serverBusy = (hostname: string) =>
  new SmtpError(421, '4.3.2', `${hostname} serveur saturé, réessayez plus tard / too many connections, try again later`);

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
/**
 * RFC 6152 3 (8BITMIME) and RFC 5322 2.1 keep NUL out of SMTP data, and RFC 3501 4.3 (CHAR8) out
 * of every IMAP literal: a message with one could be stored but never served as it came, so it
 * is refused whole. RFC 3463 3.7: X.6.0 other or undefined media error.
 */
export const nulByteRefused = () =>
  new SmtpError(
    554,
    '5.6.0',
    'message refusé : il contient un octet NUL, que SMTP et IMAP ne transportent pas / message contains a NUL byte',
  );
/** RFC 3463 3.4: X.3.0 other or undefined mail system status: a temporary local fault. */
export const localError = () =>
  new SmtpError(451, '4.3.0', 'erreur locale temporaire, réessayez plus tard / local error, try again later');
/**
 * RFC 3463 3.4: X.3.1 mail system full, a persistent transient error; RFC 5321 4.2.2 452
 * insufficient system storage (allowed after MAIL, RCPT and DATA). The sender keeps the message
 * and tries again once room is made.
 */
export const mailSystemFull = () =>
  new SmtpError(452, '4.3.1', "espace disque du serveur insuffisant, réessayez plus tard / mail system full, try again later");

/**
 * The reply when storing failed or was refused: the disk under its reserve or really full is
 * 452 4.3.1; anything else (a lock held too long) 451 4.3.0. Nothing was committed either way.
 */
export function storeFailure(err: unknown): SmtpError {
  return err instanceof MailSystemFullError || isDiskFull(err) ? mailSystemFull() : localError();
}

// ---------------------------------------------------------------- submission (RFC 6409)

/** RFC 4954 6: 530 5.7.0, MAIL before AUTH on the submission port (smtp-server's authRequiredMessage). */
export const AUTH_REQUIRED_TEXT = '5.7.0 authentification requise / authentication required';
/** RFC 4954 6: X.7.8 authentication credentials invalid. */
export const authFailed = () =>
  new SmtpError(535, '5.7.8', 'identifiant ou mot de passe incorrect / authentication credentials invalid');
/** RFC 4954 6: 454 4.7.0 temporary authentication failure (here: too many failures, wait). */
export const authRateLimited = () =>
  new SmtpError(
    454,
    '4.7.0',
    "trop d'échecs d'authentification, réessayez dans quelques minutes / too many failed attempts, try again later",
  );
/** RFC 4954 6: 538 5.7.11 encryption required for the requested authentication mechanism. */
export const encryptionRequired = () =>
  new SmtpError(538, '5.7.11', "chiffrement requis : utilisez STARTTLS avant AUTH / encryption required, use STARTTLS first");
/** RFC 5321 4.2.2 553 + RFC 3463 3.8 X.7.1: a sender address the authenticated user does not own. */
export const senderNotOwned = (address: string) =>
  new SmtpError(
    553,
    '5.7.1',
    `<${address}>: vous ne pouvez envoyer qu'avec votre propre adresse / sender address not owned by authenticated user`,
  );
/** RFC 5322 3.6: exactly one From: field. RFC 3463 3.7: X.6.0 other media error. */
export const badFromHeader = () =>
  new SmtpError(554, '5.6.0', 'le message doit avoir un seul en-tête From: / message must have exactly one From: header');
/** RFC 3463 3.7: X.6.0, an unreadable X-Webmel-Send-After date. */
export const badSendAfter = () =>
  new SmtpError(554, '5.6.0', "date d'envoi différé illisible ou trop lointaine / invalid or too distant deferred send date");
/** RFC 5321 4.5.3.1.10 + RFC 3463 3.6: 452 4.5.3 too many recipients; the client sends the rest later. */
export const tooManyRecipients = (max: number) =>
  new SmtpError(
    452,
    '4.5.3',
    `pas plus de ${max} destinataires par message, envoyez le reste séparément / too many recipients (max ${max} per message)`,
  );
/** RFC 3463 3.8: X.7.1 delivery not authorized; 450 so the client may retry once the hour has passed. */
export const sendingRateExceeded = (perHour: number) =>
  new SmtpError(
    450,
    '4.7.1',
    `limite de ${perHour} messages par heure atteinte, réessayez plus tard / ` +
      `sending limit of ${perHour} messages per hour reached, try again later`,
  );
/** RFC 3463 3.8: X.7.1, an account disabled after it signed in. */
export const accountDisabled = () =>
  new SmtpError(550, '5.7.1', 'compte désactivé / account disabled');
