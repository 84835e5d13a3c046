/**
 * Inbound SMTP (port WEBMEL_SMTP_PORT): other mail servers deliver académie mail here.
 * No AUTH on this port, no relaying: only local recipients are accepted.
 *
 * The 250 after DATA is sent only once the message is committed to SQLite, so a crash at
 * any moment loses no acknowledged message.
 */
import { randomBytes } from 'node:crypto';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Account } from '../accounts/account-store.js';
import type { Config } from '../config.js';
import { MailSystemFullError, type DiskReserve } from '../disk/disk-reserve.js';
import type { Logger } from '../log/logger.js';
import { announcedSize } from './announced-size.js';
import { limitConnectionsPerAddress } from './connection-admission.js';
import { keepOwnEnhancedCodes } from './enhanced-status.js';
import { mailboxFull, storeFailure } from './errors.js';
import type { LocalDelivery, RefusalLog } from '../delivery/index.js';
import { tlsCredentials } from '../tls-credentials.js';
import { readMessageOrError } from './read-message.js';
import { traceHeaders } from '../mime/trace-headers.js';
import { refuseRecipient } from './refuse-recipient.js';

/** RFC 5321 4.5.3.1.8 requires room for at least 100 recipients; more get 452 4.5.3. */
export const MAX_RECIPIENTS = 100;
/**
 * At shutdown, idle clients are disconnected after this: every message already got its reply
 * (the commit is synchronous), so there is nothing to wait for but idle sockets.
 */
export const SHUTDOWN_GRACE_MS = 1000;

interface SessionState {
  /**
   * Accounts accepted at RCPT, by account id: the same mailbox named again (any case, or by its
   * login alias) is answered 250 again, as Postfix does, and gets one copy.
   */
  recipients: Map<number, Account>;
}

export interface InboundDeps {
  config: Config;
  delivery: LocalDelivery;
  /** New mail is refused (452 4.3.1) below the disk reserve. */
  disk: DiskReserve;
  log: Logger;
  /** The delivery log, told of each recipient refused. */
  refusals?: RefusalLog;
}

export function createInboundServer({ config, delivery, disk, log, refusals }: InboundDeps): SMTPServer {
  keepOwnEnhancedCodes();
  const states = new WeakMap<SMTPServerSession, SessionState>();
  const stateOf = (session: SMTPServerSession): SessionState => {
    let state = states.get(session);
    if (!state) states.set(session, (state = { recipients: new Map() }));
    return state;
  };

  const server = new SMTPServer({
    name: config.hostname,
    banner: 'Webmel ESMTP',
    size: config.maxMessageBytes,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ['AUTH'],
    hideENHANCEDSTATUSCODES: false,
    hideSTARTTLS: !config.tls,
    ...(config.tls ? tlsCredentials(config.tls) : {}),
    disableReverseLookup: !config.reverseDns,
    maxClients: config.smtpMaxConnections,
    maxRecipients: MAX_RECIPIENTS,
    socketTimeout: config.smtpSocketTimeoutMs,
    closeTimeout: SHUTDOWN_GRACE_MS,
    logger: false,

    onMailFrom(_address, session, callback) {
      // A new transaction: forget the previous one's recipients (RSET or a second MAIL).
      stateOf(session).recipients.clear();
      // RFC 5321 4.2.2 / RFC 3463 X.3.1: below the disk reserve, 452 4.3.1 before any recipient.
      try {
        disk.ensureRoom(announcedSize(session));
      } catch (err) {
        log.debug({ cid: session.id }, 'mail refused: disk reserve reached');
        return callback(storeFailure(err));
      }
      callback();
    },

    onRcptTo(address, session, callback) {
      const declaredSize = Number((session.envelope.mailFrom && session.envelope.mailFrom.args && session.envelope.mailFrom.args.SIZE) || 0);
      const check = delivery.checkRecipient(address.address, declaredSize);
      if (check.ok) {
        stateOf(session).recipients.set(check.account.id, check.account);
        return callback();
      }
      log.debug({ cid: session.id, rcpt: address.address, reason: check.reason }, 'recipient refused');
      callback(refuseRecipient(check, address.address, { config, refusals: refusals, sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', declaredSize }));
    },

    async onData(stream: SMTPServerDataStream, session, callback) {
      const body = await readMessageOrError(stream, config.maxMessageBytes);
      if (body instanceof Error) return callback(body);
      const recipients = [...stateOf(session).recipients.values()];
      const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const id = randomBytes(6).toString('hex');
      const raw = Buffer.concat([
        traceHeaders({ session, hostname: config.hostname, id, sender, recipients: session.envelope.rcptTo }),
        body,
      ]);
      try {
        // Checked again with the message's real size: the room may have gone since MAIL FROM.
        disk.ensureRoom(raw.length, { fresh: true });
        const outcome = await delivery.deliverGrouped(raw, sender, recipients);
        log.info(
          { cid: session.id, id, size: raw.length, delivered: outcome.delivered.length, failed: outcome.failed.length },
          'message received',
        );
        if (outcome.delivered.length === 0) {
          return callback(mailboxFull(outcome.failed[0]?.account.address ?? '', false));
        }
        callback(null, `2.0.0 message recu / queued as ${id}`);
      } catch (err) {
        // Under the reserve, a locked or a full disk: nothing was committed, the sender will retry.
        if (err instanceof MailSystemFullError) log.info({ cid: session.id, id, size: raw.length }, 'message refused: disk reserve reached');
        else log.error({ cid: session.id, err }, 'delivery failed');
        callback(storeFailure(err));
      }
    },
  });

  server.on('error', (err) => log.warn({ err }, 'smtp connection error'));
  // One address may not take the whole of WEBMEL_MAX_CONNECTIONS (connection-admission.ts).
  limitConnectionsPerAddress(server, {
    capacity: config.smtpMaxConnections,
    perAddress: config.smtpMaxPerIp,
    hostname: config.hostname,
    implicitTls: false,
    log,
  });
  return server;
}
