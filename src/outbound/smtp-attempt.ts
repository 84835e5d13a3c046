/**
 * One delivery attempt of one message to the recipients of one route (a relay, or the MX
 * hosts of one domain) with nodemailer's SMTP client: STARTTLS when offered, DKIM when
 * configured. Returns an outcome per recipient; never throws.
 *
 * RFC 5321 4.2.1: 2xx delivered, 4xx try again later, 5xx give up. A host that cannot be
 * reached (or answers 421) is skipped for the next one (RFC 5321 5.1); a reply from a host
 * decides.
 */
import type { TransportPool } from './transport-pool.js';

/** RFC 5321 4.5.3.2 allows minutes per step; connecting gets less so a dead MX is left quickly. */
export const CONNECT_TIMEOUT_MS = 30_000;
/** RFC 5321 4.5.3.2.1: initial 220 message, 5 minutes. */
export const GREETING_TIMEOUT_MS = 5 * 60_000;
/** RFC 5321 4.5.3.2.6: DATA termination, 10 minutes. */
export const SOCKET_TIMEOUT_MS = 10 * 60_000;
/** A remote reply quoted in a DSN or the CLI is cut here. */
export const MAX_DIAGNOSTIC_CHARS = 500;

export interface SmtpRoute {
  hosts: ReadonlyArray<{ host: string; port: number }>;
  auth: { user: string; pass: string } | null;
  /** A configured relay's certificate is checked; an MX's is not (opportunistic TLS, RFC 7435). */
  verifyCertificate: boolean;
  /** Refuse to go on without TLS (a relay that takes a password). */
  requireTLS: boolean;
}

export interface DkimSigning {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface AttemptOptions {
  /** Our EHLO name. */
  name: string;
  dkim: DkimSigning | null;
  /** Open connections of the current queue pass. */
  pool: TransportPool;
}

export type Outcome = 'sent' | 'temporary' | 'permanent';

export interface RecipientResult {
  address: string;
  outcome: Outcome;
  /** RFC 3463 status, e.g. 5.1.1. */
  status: string;
  /** The reply (or the reason there was none), e.g. `550 5.1.1 no such user`. */
  diagnostic: string;
  /** The host that answered, when one did. */
  host: string | null;
}

interface SmtpFailure extends Error {
  responseCode?: number;
  response?: string;
  recipient?: string;
  rejectedErrors?: SmtpFailure[];
}

function diagnosticText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_DIAGNOSTIC_CHARS);
}

/** The enhanced code in a reply, or the class default (RFC 3463 2: X.0.0). */
export function statusOf(code: number, response: string | undefined): string {
  const match = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response ?? '');
  return match ? match[1]! : `${String(code)[0]}.0.0`;
}

function fromReply(address: string, code: number, response: string | undefined, host: string): RecipientResult {
  return {
    address,
    outcome: code < 300 ? 'sent' : code < 500 ? 'temporary' : 'permanent',
    status: statusOf(code, response),
    diagnostic: diagnosticText(response || String(code)),
    host,
  };
}

function resultsOf(to: readonly string[], err: SmtpFailure, host: string): RecipientResult[] {
  const rejected = new Map((err.rejectedErrors ?? []).map((e) => [(e.recipient ?? '').toLowerCase(), e]));
  return to.map((address) => {
    const own = rejected.get(address.toLowerCase());
    if (own?.responseCode) return fromReply(address, own.responseCode, own.response, host);
    return fromReply(address, err.responseCode!, err.response, host);
  });
}

export async function attemptDelivery(
  route: SmtpRoute,
  from: string,
  to: readonly string[],
  raw: Buffer,
  options: AttemptOptions,
): Promise<RecipientResult[]> {
  let lastProblem = 'aucun serveur / no host';
  for (const { host, port } of route.hosts) {
    const transport = options.pool.get(host, port, {
      secure: false,
      name: options.name,
      // RFC 3207: STARTTLS whenever offered; stay in clear if the upgrade fails (RFC 7435).
      opportunisticTLS: !route.requireTLS,
      requireTLS: route.requireTLS,
      tls: { rejectUnauthorized: route.verifyCertificate },
      ...(route.auth ? { auth: route.auth } : {}),
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      ...(options.dkim ? { dkim: options.dkim } : {}),
    });
    try {
      // `raw` goes out byte for byte; the envelope is ours, not read from the header.
      const info = await transport.sendMail({ envelope: { from, to: [...to] }, raw });
      const rejected = new Map(
        ((info.rejectedErrors ?? []) as SmtpFailure[]).map((e) => [(e.recipient ?? '').toLowerCase(), e]),
      );
      return to.map((address) => {
        const own = rejected.get(address.toLowerCase());
        if (own) return fromReply(address, own.responseCode ?? 450, own.response, host);
        return fromReply(address, 250, info.response, host);
      });
    } catch (caught) {
      const err = caught as SmtpFailure;
      // No reply, or 421 (service closing): this host is unusable now, try the next (RFC 5321 5.1).
      if (err.responseCode && err.responseCode !== 421) return resultsOf(to, err, host);
      lastProblem = `${host}: ${err.response ?? err.message}`;
      options.pool.discard(host, port);
    }
  }
  return to.map((address) => ({
    address,
    outcome: 'temporary',
    // RFC 3463 3.5: X.4.1 no answer from host (or X.4.7-style local timeouts, all temporary).
    status: '4.4.1',
    diagnostic: diagnosticText(lastProblem),
    host: null,
  }));
}
