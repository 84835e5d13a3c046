/**
 * Webmel's whole configuration, read once from the environment by `loadConfig()` and passed
 * down. No other module reads `process.env`: tests build a `Config` with `testConfig()` and
 * set delays to 0.
 *
 * Every variable is optional; the defaults run a demo académie on one machine.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';

export const MIB = 1024 * 1024;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** WEBMEL_DATA_DIR: folder of the SQLite database (default ./data). */
  dataDir: string;
  /** WEBMEL_DOMAIN: the académie's mail domain (default ac-aix-marseille.fr). */
  domain: string;
  /** WEBMEL_HOSTNAME: the name in the SMTP banner and Received: headers (default mail.<domain>). */
  hostname: string;
  /** WEBMEL_SMTP_PORT: inbound SMTP, no AUTH (default 2525; 0 = any free port). */
  smtpPort: number;
  /** WEBMEL_IMAP_PORT: IMAP (default 1143). */
  imapPort: number;
  /** WEBMEL_SUBMISSION_PORT: authenticated submission, STARTTLS when a certificate is set (default 2587). */
  submissionPort: number;
  /**
   * WEBMEL_SUBMISSIONS_PORT: submission over implicit TLS (RFC 8314, usually 465). Off (null) by
   * default; needs WEBMEL_TLS_CERT/KEY.
   */
  submissionsPort: number | null;
  /** WEBMEL_SUBMISSION_MAX_RECIPIENTS: recipients per submitted message (default 100, then 452 4.5.3). */
  submissionMaxRecipients: number;
  /**
   * WEBMEL_SUBMISSION_MAX_PER_HOUR: messages one user may submit per hour (default 200, then
   * 450 4.7.1): a stolen password cannot turn the académie into a spam source for long.
   */
  submissionMaxPerHour: number;
  /**
   * WEBMEL_RELAY_HOST / WEBMEL_RELAY_PORT (default 25) / WEBMEL_RELAY_USER / WEBMEL_RELAY_PASSWORD:
   * send all outside mail through this smarthost. Unset: deliver directly to each domain's MX.
   */
  relay: { host: string; port: number; user: string | null; password: string | null } | null;
  /**
   * WEBMEL_DKIM_KEY (path of a PEM private key) and WEBMEL_DKIM_SELECTOR: DKIM-sign outgoing mail
   * (RFC 6376) as d=WEBMEL_DKIM_DOMAIN (default the académie's domain). Unset: no signature.
   */
  dkim: { keyPath: string; selector: string; domain: string } | null;
  /**
   * WEBMEL_RETRY_SCHEDULE: waits between delivery attempts after a temporary failure, e.g.
   * `5m,15m,30m,1h,2h,4h` (the default); the last one repeats until WEBMEL_QUEUE_MAX_AGE.
   */
  retryScheduleMs: number[];
  /** WEBMEL_QUEUE_MAX_AGE: give up and tell the sender after this (default 4d, RFC 5321 4.5.4.1: 4-5 days). */
  queueMaxAgeMs: number;
  /** WEBMEL_DELAY_WARNING: tell the sender once that a message is still waiting after this (default 4h). */
  delayWarningMs: number;
  /** WEBMEL_QUEUE_CONCURRENCY: outbound SMTP transactions in parallel (default 10). */
  queueConcurrency: number;
  /** WEBMEL_HTTP_PORT: the webmail (default 8080). */
  httpPort: number;
  /** Address every listener binds to (WEBMEL_LISTEN_HOST, default 0.0.0.0; tests use 127.0.0.1). */
  listenHost: string;
  /** WEBMEL_QUOTA_MB: default mailbox limit in MiB (default 50). */
  quotaBytes: number;
  /** WEBMEL_QUOTA_GRACE_MB: extra room for inbound delivery only (default 5 MiB). */
  quotaGraceBytes: number;
  /** WEBMEL_QUOTA_FULL_PERMANENT: answer 554 5.2.2 instead of 452 4.2.2 at RCPT for a full mailbox. */
  quotaFullPermanent: boolean;
  /** WEBMEL_TRASH_RETENTION_DAYS: Corbeille and Indésirables are purged after this (default 30). */
  trashRetentionDays: number;
  /** WEBMEL_STRIKE_RETENTION_DAYS: strike declarations are deleted this long after their day (default 90). */
  strikeRetentionDays: number;
  /** WEBMEL_MAX_MESSAGE_MB: largest message accepted (default 20 MiB). */
  maxMessageBytes: number;
  /** WEBMEL_TLS_CERT / WEBMEL_TLS_KEY: PEM files; STARTTLS is offered when both are set. */
  tls: { cert: string; key: string } | null;
  /** WEBMEL_DEMO: seed the demo académie on a new data folder (default on). */
  demo: boolean;
  /** WEBMEL_REVERSE_DNS: put the client's reverse DNS name in Received: (default off: no DNS). */
  reverseDns: boolean;
  /** WEBMEL_LOG_LEVEL (default info). */
  logLevel: LogLevel;
  /** WEBMEL_MAX_CONNECTIONS: simultaneous SMTP connections before new ones are refused (default 200). */
  smtpMaxConnections: number;
  /**
   * WEBMEL_SMTP_MAX_PER_IP: simultaneous SMTP connections from one client address, on the
   * inbound port and on each submission port (default 20, then 421 4.7.0): one address cannot
   * take the whole of WEBMEL_MAX_CONNECTIONS (src/smtp/connection-admission.ts).
   */
  smtpMaxPerIp: number;
  /** WEBMEL_IMAP_MAX_PER_IP: IMAP connections not yet authenticated from one address (default 50). */
  imapMaxPerIp: number;
  /**
   * WEBMEL_IMAP_MAX_PER_ACCOUNT: authenticated IMAP connections of one account (default 20, as
   * Dovecot's mail_max_userip_connections): a desktop client opens a few, the webmail one.
   */
  imapMaxPerAccount: number;
  /**
   * WEBMEL_TRUST_PROXY: addresses or CIDRs of the reverse proxies in front of the webmail
   * (comma-separated; also `loopback`, `linklocal`, `uniquelocal`). Only their X-Forwarded-For
   * and X-Forwarded-Proto are believed. Default none: the socket's address is the client's.
   */
  trustProxy: string[];
  /**
   * WEBMEL_METRICS_ALLOW: the client addresses or CIDRs (comma-separated) that may read
   * `GET /metrics`, checked against the socket's address, never X-Forwarded-For. Default
   * loopback only: `127.0.0.0/8,::1`.
   */
  metricsAllow: string[];
  /**
   * WEBMEL_PUBLIC_URL: the webmail's address as users reach it, for links in mail (unsubscribe,
   * notifications). Default http://localhost:<WEBMEL_HTTP_PORT>. No trailing slash.
   */
  publicUrl: string;
  /**
   * WEBMEL_MIN_FREE_MB: new mail is refused (452 4.3.1) once the data folder's file system has
   * less free space than this (default 512 MiB, as Postfix's queue_minfree), so that reading,
   * moving, deleting and expunging always have room.
   */
  minFreeBytes: number;
  /** Seconds an SMTP client may stay silent before it is disconnected (RFC 5321 4.5.3.2: 5 min). */
  smtpSocketTimeoutMs: number;
  /** Delay added after a failed authentication, in ms (tests set 0). */
  authFailureDelayMs: number;
  /**
   * WEBMEL_SERVICE_SECRET: the webmail's own IMAP/submission credential, with which it acts for
   * a signed-in user (like Dovecot's master users), so it never keeps a user's password.
   * Random at each start by default: the webmail runs in the same process.
   */
  serviceSecret: string;
  /** How long a write waits for a lock held by another process (the CLI) before failing: 10 s. */
  sqliteBusyTimeoutMs: number;
  /** WEBMEL_UNDO_SEND: how long « Annuler » can take a sent message back (default 10s; 0s = off). */
  undoSendMs: number;
  /** WEBMEL_SYNC: SQLite synchronous mode, FULL by default so an acknowledged message survives power loss. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /**
   * WEBMEL_WEB_THREAD: the webmail in a worker thread of its own (default on), so pages render
   * on another core than IMAP and SMTP; 0 keeps it in the main thread (tests, one-core hosts).
   */
  webThread: boolean;
  /**
   * WEBMEL_ELECTION_START / WEBMEL_ELECTION_END (ISO 8601 with an offset) and WEBMEL_ELECTION_URL
   * (the voting portal): the « élections professionnelles » vote, announced by a banner on every
   * webmail page while it is open (shared/domain.md §2). The three go together. Unset: no banner,
   * except that the demo (WEBMEL_DEMO) announces the 2026 vote with a placeholder portal.
   */
  election: ElectionPeriod | null;
  /** I-Prof, the career portal (issue 22; shared/domain.md §4). */
  iprof: IprofSettings;
}

/**
 * I-Prof's figures, configurable because the real ones are unverified (domain.md §4.2):
 * WEBMEL_IPROF_ATTACHMENTS_MB (5.24: the seed's « taille max : 5,24 Mo », in MiB as every size
 * here), WEBMEL_IPROF_ARCHIVE_DAYS (365: courrier older than a year goes to « Archives »), and
 * WEBMEL_IPROFESSIONNEL_URL, where private-sector teachers are sent (I-Professionnel).
 */
export interface IprofSettings {
  attachmentBytes: number;
  archiveAfterDays: number;
  iprofessionnelUrl: string;
}

/** The electronic vote of the élections professionnelles: open from `start` (included) to `end` (excluded). */
export interface ElectionPeriod {
  /** ms since the epoch. */
  start: number;
  end: number;
  /** The voting portal, http or https. */
  url: string;
  /** The demo's example (dates of 2026, a portal that does not exist), not an operator's setting. */
  demo: boolean;
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`${name} doit être un entier positif (reçu « ${value} »)`);
  }
  return parsed;
}

function numberVar(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`${name} doit être un nombre positif (reçu « ${value} »)`);
  }
  return parsed;
}

/** Names Express's `trust proxy` understands besides addresses (proxy-addr). */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Who may read /metrics by default: this machine only. */
export const DEFAULT_METRICS_ALLOW = '127.0.0.0/8,::1';

function proxyListVar(env: Env, name: string, fallback = '', names: readonly string[] = PROXY_NAMES): string[] {
  const list = (env[name] ?? fallback)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const item of list) {
    const [address, prefix, extra] = item.split('/');
    const family = net.isIP(address ?? '');
    const prefixOk =
      prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (names.includes(item)) continue;
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new Error(`${name} : adresse ou réseau invalide « ${item} » (exemples : 10.0.0.5, 10.0.0.0/8, loopback)`);
    }
  }
  return list;
}

function publicUrlVar(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} : adresse invalide « ${value} » (exemple : https://webmel.ac-aix-marseille.fr)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} : http ou https attendu`);
  return url.href.replace(/\/+$/, '');
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes', 'on', 'oui'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', 'non'].includes(value)) return false;
  throw new Error(`${name} doit valoir 1 ou 0 (reçu « ${value} »)`);
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `5m`, `4h`, `4d` → milliseconds. */
export function parseDuration(text: string, name: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(text);
  if (!match) throw new Error(`${name} : durée invalide « ${text} » (exemples : 90s, 5m, 4h, 4d)`);
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2]!.toLowerCase()]!);
}

function durationVar(env: Env, name: string, fallback: string): number {
  return parseDuration(env[name] || fallback, name);
}

function durationListVar(env: Env, name: string, fallback: string): number[] {
  const list = (env[name] || fallback).split(',').map((item) => parseDuration(item, name));
  if (list.length === 0) throw new Error(`${name} : au moins une durée`);
  return list;
}

// RFC 3339 5.6: a date-time with its offset, so that « 10:00 » never depends on the server's zone.
const DATE_TIME_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** `2026-12-03T10:00:00+01:00` (or `…Z`) → ms; a real calendar day and time, an offset of at most 23:59. */
export function parseDateTimeWithOffset(text: string, name: string): number {
  const match = DATE_TIME_WITH_OFFSET.exec(text.trim());
  const fail = () =>
    new Error(`${name} : date et heure invalides « ${text} » : écrivez-les avec le décalage horaire (exemple : 2026-12-03T10:00:00+01:00, ou 2026-12-03T09:00:00Z)`);
  if (!match) throw fail();
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = Number(match[6] ?? 0);
  const millis = Math.floor(Number(`0.${match[7] ?? 0}`) * 1000);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw fail();
  if (hour > 23 || minute > 59 || second > 59 || Number(match[9] ?? 0) > 23 || Number(match[10] ?? 0) > 59) throw fail();
  const offsetMinutes = match[8] ? (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10])) : 0;
  return wall - offsetMinutes * 60_000;
}

const ELECTION_VARS = ['WEBMEL_ELECTION_START', 'WEBMEL_ELECTION_END', 'WEBMEL_ELECTION_URL'] as const;

/**
 * The demo's vote: the 2026 elections' electronic vote, 3 to 10 December 2026 (shared/domain.md
 * §2.1, arrêté of 2 July 2025), from 10 h to 17 h as in 2011 and 2014; `.invalid` never resolves
 * (RFC 2606 2), so no one is sent to a portal that is not theirs.
 */
export const DEMO_ELECTION = {
  start: '2026-12-03T10:00:00+01:00',
  end: '2026-12-10T17:00:00+01:00',
  url: 'https://elections-demo.invalid/',
} as const;

function electionVar(env: Env, demo: boolean): ElectionPeriod | null {
  const given = ELECTION_VARS.filter((name) => env[name]?.trim());
  if (given.length === 0) {
    if (!demo) return null;
    return { start: Date.parse(DEMO_ELECTION.start), end: Date.parse(DEMO_ELECTION.end), url: DEMO_ELECTION.url, demo: true };
  }
  if (given.length < ELECTION_VARS.length) {
    const missing = ELECTION_VARS.filter((name) => !given.includes(name));
    throw new Error(`${ELECTION_VARS.join(', ')} vont ensemble : ${missing.join(' et ')} manque${missing.length > 1 ? 'nt' : ''}`);
  }
  const start = parseDateTimeWithOffset(env.WEBMEL_ELECTION_START!, 'WEBMEL_ELECTION_START');
  const end = parseDateTimeWithOffset(env.WEBMEL_ELECTION_END!, 'WEBMEL_ELECTION_END');
  if (end <= start) {
    throw new Error(`WEBMEL_ELECTION_END (${env.WEBMEL_ELECTION_END!.trim()}) doit être postérieure à WEBMEL_ELECTION_START (${env.WEBMEL_ELECTION_START!.trim()})`);
  }
  const text = env.WEBMEL_ELECTION_URL!.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`WEBMEL_ELECTION_URL : adresse invalide « ${text} » (exemple : https://portail-de-vote.example/)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`WEBMEL_ELECTION_URL : adresse http ou https attendue (reçu « ${text} »)`);
  return { start, end, url: url.href, demo: false };
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const domain = (env.WEBMEL_DOMAIN || 'ac-aix-marseille.fr').trim().toLowerCase();
  const logLevel = (env.WEBMEL_LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new Error(`WEBMEL_LOG_LEVEL doit être l'un de ${LOG_LEVELS.join(', ')}`);
  }
  const cert = env.WEBMEL_TLS_CERT;
  const key = env.WEBMEL_TLS_KEY;
  if (Boolean(cert) !== Boolean(key)) {
    throw new Error('WEBMEL_TLS_CERT et WEBMEL_TLS_KEY vont ensemble');
  }
  const relayHost = env.WEBMEL_RELAY_HOST?.trim();
  if (!relayHost && (env.WEBMEL_RELAY_USER || env.WEBMEL_RELAY_PORT)) {
    throw new Error('WEBMEL_RELAY_PORT et WEBMEL_RELAY_USER demandent WEBMEL_RELAY_HOST');
  }
  if (Boolean(env.WEBMEL_RELAY_USER) !== Boolean(env.WEBMEL_RELAY_PASSWORD)) {
    throw new Error('WEBMEL_RELAY_USER et WEBMEL_RELAY_PASSWORD vont ensemble');
  }
  if (Boolean(env.WEBMEL_DKIM_KEY) !== Boolean(env.WEBMEL_DKIM_SELECTOR)) {
    throw new Error('WEBMEL_DKIM_KEY et WEBMEL_DKIM_SELECTOR vont ensemble');
  }
  const submissionsPort = env.WEBMEL_SUBMISSIONS_PORT ? intVar(env, 'WEBMEL_SUBMISSIONS_PORT', 0) : null;
  if (submissionsPort !== null && !(cert && key)) {
    throw new Error('WEBMEL_SUBMISSIONS_PORT (TLS implicite) demande WEBMEL_TLS_CERT et WEBMEL_TLS_KEY');
  }
  const httpPort = intVar(env, 'WEBMEL_HTTP_PORT', 8080);
  const sync = (env.WEBMEL_SYNC || 'FULL').toUpperCase();
  const demo = boolVar(env, 'WEBMEL_DEMO', true);
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('WEBMEL_SYNC vaut FULL ou NORMAL');
  return {
    dataDir: path.resolve(cwd, env.WEBMEL_DATA_DIR || 'data'),
    domain,
    hostname: env.WEBMEL_HOSTNAME || `mail.${domain}`,
    smtpPort: intVar(env, 'WEBMEL_SMTP_PORT', 2525),
    imapPort: intVar(env, 'WEBMEL_IMAP_PORT', 1143),
    submissionPort: intVar(env, 'WEBMEL_SUBMISSION_PORT', 2587),
    submissionsPort,
    submissionMaxRecipients: intVar(env, 'WEBMEL_SUBMISSION_MAX_RECIPIENTS', 100),
    submissionMaxPerHour: intVar(env, 'WEBMEL_SUBMISSION_MAX_PER_HOUR', 200),
    relay: relayHost
      ? {
          host: relayHost,
          port: intVar(env, 'WEBMEL_RELAY_PORT', 25),
          user: env.WEBMEL_RELAY_USER || null,
          password: env.WEBMEL_RELAY_PASSWORD || null,
        }
      : null,
    dkim:
      env.WEBMEL_DKIM_KEY && env.WEBMEL_DKIM_SELECTOR
        ? {
            keyPath: path.resolve(cwd, env.WEBMEL_DKIM_KEY),
            selector: env.WEBMEL_DKIM_SELECTOR.trim(),
            domain: (env.WEBMEL_DKIM_DOMAIN || domain).trim().toLowerCase(),
          }
        : null,
    retryScheduleMs: durationListVar(env, 'WEBMEL_RETRY_SCHEDULE', '5m,15m,30m,1h,2h,4h'),
    queueMaxAgeMs: durationVar(env, 'WEBMEL_QUEUE_MAX_AGE', '4d'),
    undoSendMs: durationVar(env, 'WEBMEL_UNDO_SEND', '10s'),
    delayWarningMs: durationVar(env, 'WEBMEL_DELAY_WARNING', '4h'),
    queueConcurrency: Math.max(1, intVar(env, 'WEBMEL_QUEUE_CONCURRENCY', 10)),
    httpPort,
    listenHost: env.WEBMEL_LISTEN_HOST || '0.0.0.0',
    quotaBytes: Math.round(numberVar(env, 'WEBMEL_QUOTA_MB', 50) * MIB),
    quotaGraceBytes: Math.round(numberVar(env, 'WEBMEL_QUOTA_GRACE_MB', 5) * MIB),
    quotaFullPermanent: boolVar(env, 'WEBMEL_QUOTA_FULL_PERMANENT', false),
    trashRetentionDays: intVar(env, 'WEBMEL_TRASH_RETENTION_DAYS', 30),
    strikeRetentionDays: intVar(env, 'WEBMEL_STRIKE_RETENTION_DAYS', 90),
    maxMessageBytes: Math.round(numberVar(env, 'WEBMEL_MAX_MESSAGE_MB', 20) * MIB),
    tls: cert && key ? { cert, key } : null,
    demo,
    election: electionVar(env, demo),
    iprof: {
      attachmentBytes: Math.round(numberVar(env, 'WEBMEL_IPROF_ATTACHMENTS_MB', 5.24) * MIB),
      archiveAfterDays: Math.max(1, intVar(env, 'WEBMEL_IPROF_ARCHIVE_DAYS', 365)),
      iprofessionnelUrl: publicUrlVar(env, 'WEBMEL_IPROFESSIONNEL_URL', 'https://i-professionnel.invalid'),
    },
    reverseDns: boolVar(env, 'WEBMEL_REVERSE_DNS', false),
    webThread: boolVar(env, 'WEBMEL_WEB_THREAD', true),
    logLevel,
    smtpMaxConnections: intVar(env, 'WEBMEL_MAX_CONNECTIONS', 200),
    smtpMaxPerIp: Math.max(1, intVar(env, 'WEBMEL_SMTP_MAX_PER_IP', 20)),
    imapMaxPerIp: Math.max(1, intVar(env, 'WEBMEL_IMAP_MAX_PER_IP', 50)),
    imapMaxPerAccount: Math.max(1, intVar(env, 'WEBMEL_IMAP_MAX_PER_ACCOUNT', 20)),
    trustProxy: proxyListVar(env, 'WEBMEL_TRUST_PROXY'),
    metricsAllow: proxyListVar(env, 'WEBMEL_METRICS_ALLOW', DEFAULT_METRICS_ALLOW, []),
    publicUrl: publicUrlVar(env, 'WEBMEL_PUBLIC_URL', `http://localhost:${httpPort}`),
    minFreeBytes: Math.round(numberVar(env, 'WEBMEL_MIN_FREE_MB', 512) * MIB),
    smtpSocketTimeoutMs: 5 * 60 * 1000,
    authFailureDelayMs: 1000,
    sqliteSynchronous: sync,
    sqliteBusyTimeoutMs: 10_000,
    serviceSecret: env.WEBMEL_SERVICE_SECRET || randomBytes(32).toString('base64url'),
  };
}

/** A configuration for tests: loopback, ephemeral ports, no delays, no demo, quiet logs. */
export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}, dataDir),
    dataDir,
    domain: 'ac-test.fr',
    hostname: 'mail.ac-test.fr',
    smtpPort: 0,
    imapPort: 0,
    submissionPort: 0,
    submissionsPort: null,
    relay: null,
    dkim: null,
    httpPort: 0,
    listenHost: '127.0.0.1',
    demo: false,
    // No banner unless a test opens a vote of its own.
    election: null,
    logLevel: 'silent',
    authFailureDelayMs: 0,
    // The test machine's disk may be nearly full; the disk-space tests set their own reserve.
    minFreeBytes: 0,
    // Starting a thread costs a second per test; web-thread.test.ts covers the threaded webmail.
    webThread: false,
    ...overrides,
  };
}
