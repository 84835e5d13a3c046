/**
 * Message submission (RFC 6409) on WEBMEL_SUBMISSION_PORT (STARTTLS when a certificate is
 * configured) and, optionally, WEBMEL_SUBMISSIONS_PORT (implicit TLS, RFC 8314). Thunderbird
 * and the webmail send here; AUTH is required before MAIL.
 *
 * A signed-in user sends only as themselves, within per-user limits; local recipients get
 * the message at once through LocalDelivery (quota rules as for inbound mail), outside ones
 * through the outbound queue. The 250 after DATA is sent once all of it is committed.
 */
import { randomBytes } from 'node:crypto';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Account, AccountStore } from '../accounts/account-store.js';
import type { Authenticator } from '../accounts/authenticate.js';
import type { Config } from '../config.js';
import { MailSystemFullError, type DiskReserve } from '../disk/disk-reserve.js';
import type { Logger } from '../log/logger.js';
import type { OutboundStore } from '../outbound/outbound-store.js';
import type { MailStore } from '../store/mail-store.js';
import type { LocalDelivery, RefusalLog } from '../delivery/index.js';
import { limitConnectionsPerAddress } from './connection-admission.js';
import { keepOwnEnhancedCodes } from './enhanced-status.js';
import {
  AUTH_REQUIRED_TEXT,
  SmtpError,
  accountDisabled,
  localError,
  senderNotOwned,
  sendingRateExceeded,
  storeFailure,
  tooManyRecipients,
} from './errors.js';
import { announcedSize } from './announced-size.js';
import { onSubmissionAuth, type SubmissionUser } from './on-submission-auth.js';
import { ownsAddress } from './own-address.js';
import { SendingLimiter } from './sending-limits.js';
import { submitMessage } from './submit-message.js';
import { tlsCredentials } from '../tls-credentials.js';
import { readMessageOrError } from './read-message.js';
import { receivedHeader } from '../mime/trace-headers.js';
import { scheduledReply } from '../outbound/held-sending.js';
import { refuseRecipient } from './refuse-recipient.js';

/** Idle clients are let go this long after close(): every accepted message already has its reply. */
export const SHUTDOWN_GRACE_MS = 1000;

export interface SubmissionServerOptions {
  /** Implicit TLS from the first byte (the WEBMEL_SUBMISSIONS_PORT listener). */
  secure?: boolean;
  /** One limiter for every submission listener of the process (see sending-limits.ts). */
  limiter?: SendingLimiter;
  /** Who may AUTH without TLS; loopback clients by default. */
  insecureAuthAllowed?: (remoteAddress: string) => boolean;
}

interface Transaction {
  account: Account;
  /** Local recipients by account id: two aliases of one mailbox get one copy. */
  local: Map<number, Account>;
  /** Outside recipients by lower-case address, keeping the client's first spelling (RFC 5321 2.4). */
  remote: Map<string, string>;
}

/** The modules submission works with (app.ts passes its Services, which has them). */
export interface SubmissionServices {
  config: Config;
  log: Logger;
  accounts: AccountStore;
  auth: Authenticator;
  delivery: LocalDelivery;
  store: MailStore;
  outbound: OutboundStore;
  disk: DiskReserve;
  /** The delivery log, told of each local recipient refused. */
  refusals?: RefusalLog;
}

export function createSubmissionServer(services: SubmissionServices, opts: SubmissionServerOptions = {}): SMTPServer {
  keepOwnEnhancedCodes();
  const { config, accounts, delivery } = services;
  const log = services.log;
  const limiter = opts.limiter ?? new SendingLimiter(config.submissionMaxPerHour);
  const transactions = new WeakMap<SMTPServerSession, Transaction>();
  const tls = config.tls ? tlsCredentials(config.tls) : null;
  if (opts.secure && !tls) throw new Error('Le port de soumission TLS demande WEBMEL_TLS_CERT et WEBMEL_TLS_KEY');

  const server = new SMTPServer({
    name: config.hostname,
    banner: 'Webmel ESMTP submission',
    secure: opts.secure ?? false,
    size: config.maxMessageBytes,
    rejectOversized: true,
    authMethods: ['PLAIN', 'LOGIN'],
    // Decided per connection in onSubmissionAuth: TLS or loopback.
    allowInsecureAuth: true,
    authRequiredMessage: AUTH_REQUIRED_TEXT,
    hideENHANCEDSTATUSCODES: false,
    hideSTARTTLS: !tls,
    ...(tls ?? {}),
    disableReverseLookup: !config.reverseDns,
    maxClients: config.smtpMaxConnections,
    socketTimeout: config.smtpSocketTimeoutMs,
    closeTimeout: SHUTDOWN_GRACE_MS,
    logger: false,

    onAuth: onSubmissionAuth({ auth: services.auth, log, ...(opts.insecureAuthAllowed ? { insecureAuthAllowed: opts.insecureAuthAllowed } : {}) }),

    onMailFrom(address, session, callback) {
      transactions.delete(session);
      const user = session.user as SubmissionUser;
      const account = accounts.byId(user.accountId);
      if (!account || account.disabledAt) return callback(accountDisabled());
      // RFC 6409 6.1: the envelope sender must be the user's own address (and never <>).
      if (!ownsAddress(account, config.domain, address.address)) {
        log.debug({ cid: session.id, user: account.login }, 'envelope sender refused');
        return callback(senderNotOwned(address.address));
      }
      if (!limiter.allows(account.id)) {
        log.info({ cid: session.id, user: account.login }, 'hourly sending limit reached');
        return callback(sendingRateExceeded(limiter.perHour));
      }
      // RFC 3463 X.3.1: below the disk reserve nothing new is stored, local copy or queue alike.
      try {
        services.disk.ensureRoom(announcedSize(session));
      } catch (err) {
        log.debug({ cid: session.id, user: account.login }, 'submission refused: disk reserve reached');
        return callback(storeFailure(err));
      }
      transactions.set(session, { account, local: new Map(), remote: new Map() });
      callback();
    },

    onRcptTo(address, session, callback) {
      const tx = transactions.get(session);
      if (!tx) return callback(new SmtpError(503, '5.5.1', 'MAIL FROM d’abord / need MAIL command'));
      const rcpt = address.address;
      if (!delivery.isLocalDomain(rcpt)) {
        const key = rcpt.toLowerCase();
        if (!tx.remote.has(key) && tx.local.size + tx.remote.size >= config.submissionMaxRecipients) {
          return callback(tooManyRecipients(config.submissionMaxRecipients));
        }
        // Named again, in any case: 250 again, one copy, the first spelling kept.
        if (!tx.remote.has(key)) tx.remote.set(key, rcpt);
        return callback();
      }
      const declaredSize = Number((session.envelope.mailFrom && session.envelope.mailFrom.args && session.envelope.mailFrom.args.SIZE) || 0);
      const check = delivery.checkRecipient(rcpt, declaredSize);
      if (check.ok) {
        if (!tx.local.has(check.account.id) && tx.local.size + tx.remote.size >= config.submissionMaxRecipients) {
          return callback(tooManyRecipients(config.submissionMaxRecipients));
        }
        tx.local.set(check.account.id, check.account);
        return callback();
      }
      log.debug({ cid: session.id, rcpt, reason: check.reason }, 'recipient refused');
      callback(refuseRecipient(check, rcpt, { config, refusals: services.refusals, sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', declaredSize }));
    },

    async onData(stream: SMTPServerDataStream, session, callback) {
      const body = await readMessageOrError(stream, config.maxMessageBytes);
      if (body instanceof Error) return callback(body);
      {
        const tx = transactions.get(session);
        if (!tx) return callback(localError());
        // Parallel sessions of one user: the hour's count is checked again at the last moment.
        if (!limiter.allows(tx.account.id)) return callback(sendingRateExceeded(limiter.perHour));
        const id = randomBytes(6).toString('hex');
        try {
          // Again with the real size: the room may have gone since MAIL FROM.
          services.disk.ensureRoom(body.length, { fresh: true });
          const outcome = await submitMessage(
            { domain: config.domain, hostname: config.hostname, store: services.store, delivery, outbound: services.outbound },
            {
              account: tx.account,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              local: [...tx.local.values()],
              remote: [...tx.remote.values()],
              raw: body,
              received: receivedHeader({ session, hostname: config.hostname, id, recipients: session.envelope.rcptTo }),
            },
          );
          limiter.record(tx.account.id);
          log.info({ cid: session.id, id, user: tx.account.login, size: body.length, ...outcome }, 'message submitted');
          if (outcome.kind === 'scheduled') {
            const at = new Date(outcome.sendAfter).toISOString();
            return callback(null, scheduledReply(at, outcome.queueId));
          }
          callback(null, `2.0.0 message envoyé / queued as ${id}`);
        } catch (err) {
          if (err instanceof SmtpError) {
            log.debug({ cid: session.id, user: tx.account.login, code: err.enhancedCode }, 'submission refused');
            return callback(err);
          }
          // Under the reserve, a locked or a full disk: nothing was committed, the client will retry.
          if (err instanceof MailSystemFullError) log.info({ cid: session.id, user: tx.account.login }, 'submission refused: disk reserve reached');
          else log.error({ cid: session.id, err }, 'submission failed');
          callback(storeFailure(err));
        } finally {
          transactions.delete(session);
        }
      }
    },
  });

  server.on('error', (err) => log.warn({ err }, 'submission connection error'));
  // The same per-address share as inbound SMTP: before AUTH anyone may connect, and one address
  // must not keep the académie's users from sending. The webmail sends one message per
  // connection, so its loopback address holds only the sends in progress.
  limitConnectionsPerAddress(server, {
    capacity: config.smtpMaxConnections,
    perAddress: config.smtpMaxPerIp,
    hostname: config.hostname,
    implicitTls: opts.secure ?? false,
    log,
  });
  return server;
}
