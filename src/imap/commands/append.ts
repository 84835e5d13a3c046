/**
 * APPEND (RFC 3501 6.3.11) with LITERAL+ (RFC 7888), answering `[APPENDUID uidvalidity uid]`
 * (RFC 4315 3). Refusals: `NO [TRYCREATE]` for a missing folder, `NO [TOOBIG]` above the message
 * size limit (RFC 4469 / RFC 7889), `NO [OVERQUOTA]` when the account is full (RFC 9208 4.4),
 * `NO [LIMIT]` when the server's disk is under its reserve (errors.ts MAIL_SYSTEM_FULL), `BAD`
 * for a message holding a NUL byte. The message is stored byte for byte.
 *
 * The size and quota checks run twice: on the literal's announcement (checkLiteral), so a
 * client is refused before it uploads megabytes for nothing, then in the store's write
 * transaction, which is the authority (two APPENDs racing for the last megabyte).
 */
import { MailSystemFullError } from '../../disk/disk-reserve.js';
import { prepareMessage } from '../../store/prepare-message.js';
import { parseFlags } from '../../store/flags.js';
import { MAX_MAILBOX_NAME_BYTES } from '../../store/mail-store.js';
import { ImapBad, ImapNo, MAIL_SYSTEM_FULL } from '../errors.js';
import { parseAppendArgs, type LiteralAnnouncement, type ResponseHint } from '../protocol/index.js';
import type { ImapSession } from '../session.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const append: ImapCommand = {
  name: 'APPEND',
  states: AUTHENTICATED,
  checkLiteral: appendLiteralPolicy,
  run(session, cmd) {
    const args = parseAppendArgs(cmd.args);
    // MULTIAPPEND (RFC 3502) and BINARY's literal8 (RFC 3516) are not announced.
    if (args.messages.length > 1) throw new ImapBad('Un seul message par APPEND (MULTIAPPEND non pris en charge)');
    const message = args.messages[0]!;
    if (message.binary) throw new ImapBad('literal8 non pris en charge (pas de BINARY)');
    // RFC 3501 4.3 and 9: a literal is CHAR8, any octet but NUL. A message with one could not go
    // out in BODY[] as it came: refused, never stored to be served altered (as SMTP DATA does).
    if (message.message.includes(0)) {
      throw new ImapBad('Message refusé : il contient un octet NUL, interdit dans un littéral IMAP (RFC 3501 4.3)');
    }
    const { store, accounts, policy, config } = session.services;
    if (message.message.length > config.maxMessageBytes) {
      throw new ImapNo('TOOBIG', `Message trop volumineux (plus de ${config.maxMessageBytes} octets)`);
    }
    if (message.message.length === 0) throw new ImapNo(null, 'Message vide');
    const owner = accounts.byId(session.account!.id) ?? session.account!;
    const mailbox = store.findMailbox(owner.id, args.mailbox);
    // RFC 3501 6.3.11: TRYCREATE when the folder does not exist.
    if (!mailbox) throw new ImapNo('TRYCREATE', 'Dossier de destination introuvable');
    const flags = parseFlags(message.flags);
    // MailSystemFullError becomes NO [LIMIT] in the dispatcher: an APPEND is new mail.
    session.services.disk.ensureRoom(message.message.length, { fresh: true });
    // QuotaExceededError becomes NO [OVERQUOTA] in the dispatcher. An APPEND to the selected
    // folder is announced by the queued EXISTS the dispatcher flushes before the tagged OK.
    const { uid } = store.append({
      accountId: owner.id,
      mailboxId: mailbox.id,
      message: prepareMessage(message.message),
      flags: flags.bits,
      keywords: flags.keywords,
      internalDate: message.internalDate?.date.getTime(),
      internalZone: message.internalDate?.offsetMinutes,
      limitBytes: policy.limitFor(owner),
    });
    return { code: `APPENDUID ${mailbox.uidValidity} ${uid}`, text: 'APPEND terminé' };
  },
};

/**
 * Refuses an APPEND literal from its announced size. Only literals longer than any mailbox
 * name are judged (the folder name may be a literal too): a message that small is left to the
 * store's own check.
 */
function appendLiteralPolicy(session: ImapSession, literal: LiteralAnnouncement): ResponseHint | null {
  if (!session.account || literal.size <= MAX_MAILBOX_NAME_BYTES) return null;
  const { store, accounts, policy, config } = session.services;
  if (literal.size > config.maxMessageBytes) {
    return { status: 'NO', code: 'TOOBIG', text: `Message trop volumineux (plus de ${config.maxMessageBytes} octets)` };
  }
  const owner = accounts.byId(session.account.id) ?? session.account;
  const { usedBytes } = store.usage(owner.id);
  if (usedBytes + literal.size > policy.limitFor(owner)) {
    return { status: 'NO', code: 'OVERQUOTA', text: 'Quota dépassé : la boîte aux lettres est pleine' };
  }
  try {
    session.services.disk.ensureRoom(literal.size);
  } catch (err) {
    if (err instanceof MailSystemFullError) return { status: 'NO', ...MAIL_SYSTEM_FULL };
    throw err;
  }
  return null;
}
