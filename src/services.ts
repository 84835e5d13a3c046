/**
 * The modules of Webmel over one database, built once, without any socket: the composition
 * root (app.ts) starts the servers over them; the CLI and the webmail's thread build their own.
 * Kept apart from app.ts so that the webmail's thread does not load the SMTP and IMAP servers.
 */
import { AccountStore, accountRecord } from './accounts/account-store.js';
import { Authenticator } from './accounts/authenticate.js';
import { FailureLimiter } from './accounts/failure-limiter.js';
import { KnownClients } from './accounts/known-clients.js';
import { SignInAlerts } from './accounts/sign-in-alerts.js';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import { DiskReserve, sqliteReusableBytes } from './disk/disk-reserve.js';
import { SchoolHolidays } from './calendar/index.js';
import { Directory } from './directory/index.js';
import { Strikes } from './strikes/index.js';
import { Bulletins } from './bulletins/index.js';
import { Campaigns, CareerGrids, Courrier, CourrierThemes, Cvs, Dossiers, Guides, PersonalAddresses, PortalApps, gridsDir, loadGrids, personalNotice } from './portal/index.js';
import { AdminActions, AuditLog, Departures, PortalSettings, QuotaOverviewReader, ServerStats } from './admin/index.js';
import { AutoReplies } from './delivery/auto-reply.js';
import { webmailLink } from './mime/webmail-link.js';
import { SystemMail } from './delivery/system-mail.js';
import type { ChangeNotifier } from './store/changes.js';
import { MailStore } from './store/mail-store.js';
import type { Logger } from './log/logger.js';
import { OutboundStore } from './outbound/outbound-store.js';
import { SignatureStore, TrustedSenders } from './preferences/index.js';
import { SCHEMA } from './schema.js';
import { SessionStore } from './sessions/index.js';
import { accountQuota, type AccountQuota } from './quota/account-quota.js';
import { quotaPolicy, type QuotaPolicy } from './quota/policy.js';
import { QuotaWarnings } from './quota/warnings.js';
import { LocalDelivery } from './delivery/local-delivery.js';
import { RefusalLog } from './delivery/refusal-log.js';

/** I-Prof's parts (src/portal), each through the portal's index.ts. */
export interface Portal {
  personalAddresses: PersonalAddresses;
  apps: PortalApps;
  guides: Guides;
  courrier: Courrier;
  courrierThemes: CourrierThemes;
  /** « Votre dossier »: each agent's situation, affectations and congés. */
  dossiers: Dossiers;
  /** « Votre CV », in versions. */
  cvs: Cvs;
  /** The grids of the corps (data/grilles/), for « Vos perspectives » and the dossier's checks. */
  grids: CareerGrids;
  /** The promotion campaigns « Vos perspectives » lists while they are open. */
  campaigns: Campaigns;
}

export interface Services {
  config: Config;
  log: Logger;
  db: Db;
  store: MailStore;
  accounts: AccountStore;
  outbound: OutboundStore;
  policy: QuotaPolicy;
  delivery: LocalDelivery;
  /** What SMTP clients could not deliver to a local mailbox, and the reply they got (30 days). */
  refusals: RefusalLog;
  warnings: QuotaWarnings;
  auth: Authenticator;
  /** Room left on the data folder's file system, against WEBMEL_MIN_FREE_MB. */
  disk: DiskReserve;
  signInAlerts: SignInAlerts;
  /** The webmail's sessions (src/sessions). */
  sessions: SessionStore;
  /** The readers' preferences (src/preferences): senders whose images are shown, signatures. */
  trustedSenders: TrustedSenders;
  signatures: SignatureStore;
  /** The annuaire (src/directory). */
  directory: Directory;
  /** The school calendar's holidays (src/calendar). */
  holidays: SchoolHolidays;
  /** Strike declarations (src/strikes). */
  strikes: Strikes;
  /** Bulletins, election notices and union mail (src/bulletins). */
  bulletins: Bulletins;
  /** I-Prof, the career portal (src/portal). */
  portal: Portal;
  /** Every admin action, from the console or the CLI (src/admin). */
  audit: AuditLog;
  /** What admins do to quotas and accounts, audited (src/admin). */
  admin: AdminActions;
  /** I-Prof's themes, services and guides as the administration changes them, audited (src/admin). */
  portalSettings: PortalSettings;
  /** The admins' dashboard and account list (src/admin). */
  quotaOverview: QuotaOverviewReader;
  /** The servers' thread's latest snapshot (IMAP sessions, deliveries), for the console and /metrics. */
  serverStats: ServerStats;
  /** Messages from the messagerie itself to a mailbox (receipts), past the quota. */
  systemMail: SystemMail;
  /** How full each account is, for display (src/quota). */
  quota: AccountQuota;
  /** The store's committed changes, for those that follow them without reading mail (the webmail's live updates). */
  changes: ChangeNotifier;
  /** Writes what waits for the search index and closes the database (shutdown). */
  close(): void;
}

export interface ServicesOptions {
  /**
   * How the owner of an account under a spread sign-in attack is told. By default the message
   * goes into the INBOX from this thread; the webmail's thread hands it to the main thread, so
   * that the store there announces it to the IMAP sessions (web-worker.ts).
   */
  tellOwner?: (accountId: number) => void;
  /**
   * How a system message reaches a mailbox: by default written here; the webmail's thread
   * hands it to the main thread, whose store announces it to the IMAP sessions.
   */
  deliverSystemMessage?: (accountId: number, message: { subject: string; text: string }) => void;
}

/** Builds the modules over one database, without opening any socket (the CLI uses this). */
export function createServices(config: Config, log: Logger, options: ServicesOptions = {}): Services {
  const db = openDatabase(config.dataDir, SCHEMA, { synchronous: config.sqliteSynchronous, busyTimeoutMs: config.sqliteBusyTimeoutMs });
  const store = new MailStore(db, (err) => log.error({ err }, 'store change listener or search indexing failed'));
  const directory = new Directory(db, config.domain);
  const accounts = new AccountStore(db, store, config.domain, directory);
  directory.listAccounts(() => accounts.list().map(accountRecord), accounts.count());
  const outbound = new OutboundStore(db);
  const policy = quotaPolicy(config);
  const refusals = new RefusalLog(db, (err) => log.warn({ err }, 'delivery log: refusals not written'));
  // Departed agents' automatic replies: the admin actions, built below, say what they are.
  let autoReplyFor: (accountId: number) => ReturnType<AdminActions['autoReplyFor']> = () => null;
  const delivery = new LocalDelivery({
    refusals,
    autoReply: { source: (accountId) => autoReplyFor(accountId), replies: new AutoReplies(db) },
    domain: config.domain,
    hostname: config.hostname,
    store,
    accounts,
    outbound,
    policy,
    functionalAddressHolder: (address) => directory.functionalAddressHolder(address),
  });
  const warnings = new QuotaWarnings({ store, accounts, policy, hostname: config.hostname, domain: config.domain, publicUrl: config.publicUrl });
  // Sign-in alerts are written by this thread's store (the webmail's thread hands them over through tellOwner).
  const systemMailHere = new SystemMail({ store, accounts, hostname: config.hostname, domain: config.domain, log });
  const signInAlerts = new SignInAlerts({ db, accounts, mail: systemMailHere, publicUrl: config.publicUrl, log });
  const auth = new Authenticator({
    accounts,
    failureDelayMs: config.authFailureDelayMs,
    serviceSecret: config.serviceSecret,
    limiter: new FailureLimiter(db, Date.now, log),
    knownClients: new KnownClients(db, Date.now, log),
    alerts: signInAlerts,
    tellOwner: options.tellOwner ?? ((accountId) => signInAlerts.deliver(accountId)),
  });
  const disk = new DiskReserve({ dir: config.dataDir, minFreeBytes: config.minFreeBytes, reusableBytes: sqliteReusableBytes(db) });
  const [sessions, trustedSenders, signatures] = [new SessionStore(db), new TrustedSenders(db), new SignatureStore(db)];
  const quota = accountQuota(store, policy);
  const holidays = new SchoolHolidays(db);
  const strikes = new Strikes({ db, directory, holidays, retentionDays: config.strikeRetentionDays });
  const bulletins = new Bulletins({
    store,
    accounts,
    directory,
    inboundLimitFor: (account) => policy.inboundLimitFor(account),
    hostname: config.hostname,
    publicUrl: config.publicUrl,
    electionEnd: config.election?.end ?? null,
    log: log.child({ svc: 'bulletins' }),
  });
  const audit = new AuditLog(db);
  const systemMail = options.deliverSystemMessage ? new SystemMail({ store, accounts, hostname: config.hostname, domain: config.domain, log }, options.deliverSystemMessage) : systemMailHere;
  const admin = new AdminActions({
    accounts, store, policy, warnings, sessions, auth, systemMail, audit, departures: new Departures(db),
    spaceUrl: webmailLink(config.publicUrl, '/space'),
    // Called long after construction, when `portal` below exists.
    beforeDelete: (accountId) => void portal.courrier.forgetAgent(accountId),
  });
  autoReplyFor = (accountId) => admin.autoReplyFor(accountId);
  const personalAddresses = new PersonalAddresses(db, config.domain);
  const courrierThemes = new CourrierThemes(db);
  const grids = new CareerGrids(loadGrids(gridsDir()));
  if (grids.all.length === 0) log.warn('data/grilles/ not found: « Vos perspectives » cannot compute any échelon date');
  const portal: Portal = {
    personalAddresses,
    apps: new PortalApps(db),
    guides: new Guides(db),
    courrierThemes,
    courrier: new Courrier({
      db,
      store,
      accounts,
      directory,
      themes: courrierThemes,
      settings: { ...config.iprof, hostname: config.hostname, courrierUrl: webmailLink(config.publicUrl, '/iprof/courrier') },
      notifyInbox: (accountId, notice) => systemMail.deliver(accountId, notice),
      notifyPersonal: personalNotice({ personalAddresses, enqueue: (sender, to, raw) => outbound.enqueue(sender, to, raw), hostname: config.hostname, domain: config.domain }),
    }),
    dossiers: new Dossiers(db, grids),
    cvs: new Cvs(db),
    grids,
    campaigns: new Campaigns(db, grids),
  };
  return {
    config, log, db, store, accounts, outbound, policy, delivery, refusals, warnings, auth, disk, signInAlerts,
    sessions, trustedSenders, signatures, directory, quota, holidays, strikes, bulletins, systemMail,
    audit,
    portal,
    admin,
    portalSettings: new PortalSettings({ db, audit, portal }),
    quotaOverview: new QuotaOverviewReader({ accounts, store, policy, refusals }),
    serverStats: new ServerStats(),
    changes: store.changes,
    close: () => {
      refusals.flush();
      store.close();
    },
  };
}

