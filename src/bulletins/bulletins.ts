/**
 * Institutional mail (issue 20; shared/domain.md §2, §5): ministry, rectorat and DSDEN
 * bulletins to every agent an audience of the annuaire names, election notices that reach a
 * full mailbox, and union messages within the law (5 a month per union and agent, each
 * recipient hidden from the others, one-click unsubscribe until the next elections).
 *
 * A publication is one message stored once: the publication holds a reference to its content
 * (the « Bulletins » archive) and each INBOX another. Delivery runs in batches, each one store
 * transaction that writes the messages, a record per recipient and the counts together, so a
 * crash loses nothing and a restart skips whoever already has it: each mailbox gets it once.
 * Whoever claims a publication holds a lease on it, renewed at every batch; when it lapses
 * (the process stopped), another takes the publication over where it was left.
 */
import { randomBytes } from 'node:crypto';
import type { Account, AccountStore } from '../accounts/account-store.js';
import { parisDay } from '../calendar/index.js';
import { AudienceError, parseAudience, type Audience, type Directory } from '../directory/index.js';
import type { Logger } from '../log/logger.js';
import { prepareMessage, personalize, type MailStore, type PreparedMessage } from '../store/index.js';
import { composeInstitutional, type Mailbox } from './compose.js';
import { BulletinError } from './errors.js';
import { BodyError, messageBody, type BodySource } from './message-body.js';
import { OUTCOME, PublicationStore, type Outcome, type Publication, type PublicationKind } from './publication-store.js';
import { UnsubscribeTokens } from './unsubscribe-tokens.js';

/** Union messages one agent may receive from one union in a calendar month (décision du 26 avril 2016). */
export const UNION_MONTHLY_CAP = 5;
/** Recipients per transaction: large enough for 100,000 in a few seconds, small enough that IMAP and the web wait a few ms at most. */
export const DELIVERY_BATCH = 2000;
/** A delivering process renews its lease every batch; one silent this long has stopped. */
export const LEASE_MS = 10_000;
export const MAX_SUBJECT_CHARS = 200;
/** The professional elections come back every four years (domain.md §2.1). */
const ELECTION_CYCLE_YEARS = 4;

export interface BulletinsDeps {
  store: MailStore;
  accounts: AccountStore;
  directory: Directory;
  /** What an ordinary bulletin may fill a mailbox up to (the inbound limit, grace included). */
  inboundLimitFor: (account: { quotaBytes: number | null }) => number;
  hostname: string;
  /** WEBMEL_PUBLIC_URL: the unsubscribe links' origin. */
  publicUrl: string;
  /** The end of the professional elections configured (WEBMEL_ELECTION_END), ms, or null. */
  electionEnd: number | null;
  log: Logger;
  now?: () => number;
  /** Recipients per transaction (tests make it small to stop between batches). */
  batchSize?: number;
}

export interface PublishInput {
  kind: 'bulletin' | 'election';
  /** `Ministère de l'Éducation nationale <communication@education.gouv.fr>` */
  from: string;
  subject: string;
  audience: string;
  body: BodySource;
  authorId: number | null;
}

export interface UnionSendInput {
  /** The union's account (role syndicat). */
  unionId: number;
  subject: string;
  audience: string;
  body: BodySource;
}

export interface ReceivedBulletin {
  publication: Publication;
  /** False: the mailbox was full; it is readable here all the same. */
  delivered: boolean;
}

export interface UnionUnsubscription {
  unionId: number;
  unionName: string;
  until: number;
  createdAt: number;
}

export interface UnsubscribeResult {
  unionName: string;
  until: number;
  /** Already unsubscribed: a mail client's retry, or a second click. */
  already: boolean;
}

/** Delivery stopped because another process holds the publication now. */
class LeaseLost extends Error {}

/** `Name <address>` or a bare address, as --from gives it. */
export function parseFrom(input: string): Mailbox {
  const text = input.trim();
  const match = /^(.*?)\s*<([^<>\s]+)>$/.exec(text);
  const name = (match ? match[1]! : '').replace(/^"(.*)"$/, '$1').trim();
  const address = (match ? match[2]! : text).toLowerCase();
  if (!/^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(address) || /[\r\n]/.test(name)) {
    throw new BulletinError(`Expéditeur invalide : « ${input} » (attendu : Nom <adresse@domaine>).`);
  }
  return { name: name || address, address };
}

export function unionName(account: { prenom: string; nom: string }): string {
  return `${account.prenom} ${account.nom}`.replace(/\s+/g, ' ').trim();
}

/** The subject with `[NAME]` in front, unless it already begins with it. */
export function unionSubject(name: string, subject: string): string {
  const prefix = `[${name}]`;
  return subject.trim().toLowerCase().startsWith(prefix.toLowerCase()) ? subject.trim() : `${prefix} ${subject.trim()}`;
}

function checkSubject(subject: string): string {
  const clean = subject.replace(/[\r\n\t]+/g, ' ').trim();
  if (clean === '') throw new BulletinError('L’objet est vide.');
  if (clean.length > MAX_SUBJECT_CHARS) throw new BulletinError(`Objet trop long : au plus ${MAX_SUBJECT_CHARS} caractères.`);
  return clean;
}

function addYears(ms: number, years: number): number {
  const date = new Date(ms);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.getTime();
}

export class Bulletins {
  readonly publications: PublicationStore;
  private readonly now: () => number;
  private tokensCache: UnsubscribeTokens | null = null;

  constructor(private readonly deps: BulletinsDeps) {
    this.publications = new PublicationStore(deps.store.db);
    this.now = deps.now ?? Date.now;
  }

  // ------------------------------------------------------------------ publishing

  /** Records a bulletin or an election notice, ready to deliver (deliver, or a runner, does it). */
  publish(input: PublishInput): Publication {
    const from = parseFrom(input.from);
    const subject = checkSubject(input.subject);
    return this.create(input.kind, { from, subject, audience: input.audience, body: input.body, authorId: input.authorId, unionName: null });
  }

  /** Records a union message (role syndicat only), ready to deliver. */
  unionSend(input: UnionSendInput): Publication {
    const union = this.deps.accounts.byId(input.unionId);
    if (!union || union.role !== 'syndicat' || union.disabledAt !== null) {
      throw new BulletinError('Seul un compte syndical actif (rôle syndicat) diffuse des messages syndicaux.', 403);
    }
    const name = unionName(union);
    const subject = unionSubject(name, checkSubject(input.subject));
    return this.create('union', {
      from: { name, address: union.address },
      subject: checkSubject(subject),
      audience: input.audience,
      body: input.body,
      authorId: union.id,
      unionName: name,
    });
  }

  private create(
    kind: PublicationKind,
    input: { from: Mailbox; subject: string; audience: string; body: BodySource; authorId: number | null; unionName: string | null },
  ): Publication {
    const { audience, addresses } = this.audience(input.audience);
    const recipients = this.recipientsOf(addresses, kind === 'union' ? input.authorId : null);
    if (recipients.length === 0) throw new BulletinError(`Aucune boîte aux lettres ouverte dans ce public (${audience.text}) : rien n’est envoyé.`);
    if (kind === 'union' && !this.anyoneMayReceive(input.authorId!, recipients)) {
      throw new BulletinError(
        `Rien n’est envoyé : chaque agent de ce public a déjà reçu ${UNION_MONTHLY_CAP} messages de ${input.unionName} ce mois-ci, ou a refusé ses messages.`,
        409,
      );
    }
    let body;
    try {
      body = messageBody(input.body);
    } catch (err) {
      if (err instanceof BodyError) throw new BulletinError(err.message);
      throw err;
    }
    const now = this.now();
    const raw = composeInstitutional(
      {
        kind,
        from: input.from,
        subject: input.subject,
        body,
        hostname: this.deps.hostname,
        unsubscribeBase: `${this.deps.publicUrl.replace(/\/$/, '')}/desabonnement/`,
        unsubscribeUntil: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(this.unsubscribeUntil(now)),
      },
      new Date(now),
    );
    const message = prepareMessage(raw);
    return this.deps.store.write(() => {
      const contentId = this.deps.store.holdContent(message);
      const id = this.publications.insert({
        kind,
        authorId: input.authorId,
        unionName: input.unionName,
        fromHeader: `${input.from.name} <${input.from.address}>`,
        subject: input.subject,
        audience: audience.text,
        contentId,
        month: parisDay(now).slice(0, 7),
        recipients: recipients.length,
        createdAt: now,
      });
      return this.publications.get(id)!;
    });
  }

  /** The audience and the addresses it reaches now, read once (the annuaire checks the UAIs it names). */
  private audience(text: string): { audience: Audience; addresses: string[] } {
    try {
      const audience = parseAudience(text);
      return { audience, addresses: this.deps.directory.audienceAddresses(audience) };
    } catch (err) {
      if (err instanceof AudienceError) throw new BulletinError(err.message);
      throw err;
    }
  }

  /** Whether one agent of `recipients` is neither at the union's monthly cap nor unsubscribed from it. */
  private anyoneMayReceive(unionId: number, recipients: ReadonlyArray<{ id: number }>): boolean {
    const now = this.now();
    const month = parisDay(now).slice(0, 7);
    return recipients.some(
      (r) => !this.publications.isUnsubscribed(r.id, unionId, now) && this.publications.unionReceived(unionId, month, r.id) < UNION_MONTHLY_CAP,
    );
  }

  /** The open accounts an audience reaches, by id (the union's own account left out). */
  private recipientsOf(addresses: readonly string[], excluded: number | null): Array<{ id: number; quotaBytes: number | null }> {
    const accounts = this.deps.accounts.openAccountsAt(addresses);
    return excluded === null ? accounts : accounts.filter((account) => account.id !== excluded);
  }

  // ------------------------------------------------------------------ delivering

  /** A fresh owner name for claim and deliver: one per process or runner. */
  static newOwner(): string {
    return randomBytes(9).toString('base64url');
  }

  /** Takes the oldest publication waiting or abandoned (or `only` that one); its id, or null. */
  claim(owner: string, only: number | null = null): number | null {
    const now = this.now();
    return this.deps.store.write(() => this.publications.claim(owner, now, now + LEASE_MS, only));
  }

  /**
   * Delivers a publication `owner` has claimed, batch after batch, yielding between batches so
   * the servers of this process keep answering. Returns it done; stops early (left to be taken
   * over) when `shouldStop` says so or another process took the lease.
   */
  async deliver(id: number, owner: string, options: { shouldStop?: () => boolean; onBatch?: (p: Publication) => void } = {}): Promise<Publication> {
    const publication = this.publications.get(id);
    if (!publication) throw new BulletinError(`Publication ${id} introuvable.`, 404);
    const message = prepareMessage(this.deps.store.raw(publication.contentId));
    const addresses = this.deps.directory.audienceAddresses(parseAudience(publication.audience));
    const recipients = this.recipientsOf(addresses, publication.kind === 'union' ? publication.authorId : null);
    const validUntil = this.unsubscribeUntil(publication.createdAt);
    try {
      const size = this.deps.batchSize ?? DELIVERY_BATCH;
      for (let i = 0; i < recipients.length; i += size) {
        if (options.shouldStop?.()) return this.publications.get(id)!;
        this.deliverBatch(publication, message, recipients.slice(i, i + size), owner, validUntil);
        options.onBatch?.(this.publications.get(id)!);
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.deps.store.write(() => {
        if (!this.publications.finish(id, owner, this.now())) throw new LeaseLost();
      });
    } catch (err) {
      if (!(err instanceof LeaseLost)) throw err;
      this.deps.log.warn({ publication: id }, 'publication taken over by another process');
    }
    return this.publications.get(id)!;
  }

  private deliverBatch(
    publication: Publication,
    message: PreparedMessage,
    batch: ReadonlyArray<{ id: number; quotaBytes: number | null }>,
    owner: string,
    validUntil: number,
  ): void {
    const { store } = this.deps;
    const now = this.now();
    store.write((changes) => {
      if (!this.publications.renew(publication.id, owner, now + LEASE_MS)) throw new LeaseLost();
      const tally = { delivered: 0, full: 0, cap: 0, unsubscribed: 0 };
      const outcomes = new Map<number, Outcome>();
      const targets = [];
      const tokens = publication.kind === 'union' ? this.tokens() : null;
      for (const recipient of batch) {
        if (this.publications.outcome(recipient.id, publication.id) !== null) continue; // delivered before a restart
        if (publication.kind === 'union') {
          const unionId = publication.authorId!;
          if (this.publications.isUnsubscribed(recipient.id, unionId, now)) {
            outcomes.set(recipient.id, OUTCOME.unsubscribed);
            continue;
          }
          if (this.publications.unionReceived(unionId, publication.month, recipient.id) >= UNION_MONTHLY_CAP) {
            outcomes.set(recipient.id, OUTCOME.cap);
            continue;
          }
        }
        targets.push({
          accountId: recipient.id,
          limitBytes: this.deps.inboundLimitFor(recipient),
          ...(publication.kind === 'election' ? { quotaFree: true } : {}),
          ...(tokens ? { personal: tokens.issue(recipient.id, publication.authorId!, validUntil) } : {}),
        });
      }
      if (targets.length > 0) {
        // In this transaction, not a savepoint of its own (store.deliver): see deliverIn.
        for (const result of store.deliverIn(changes, message, targets, now)) {
          outcomes.set(result.accountId, result.ok ? OUTCOME.delivered : OUTCOME.full);
          if (result.ok && publication.kind === 'union') this.publications.bumpUnion(publication.authorId!, publication.month, result.accountId);
        }
      }
      for (const [accountId, outcome] of outcomes) {
        this.publications.record(accountId, publication.id, outcome);
        if (outcome === OUTCOME.delivered) tally.delivered++;
        else if (outcome === OUTCOME.full) tally.full++;
        else if (outcome === OUTCOME.cap) tally.cap++;
        else tally.unsubscribed++;
      }
      this.publications.count(publication.id, tally);
    });
  }

  /** Claims `id` and delivers it here (the CLI without a running server). */
  async deliverNow(id: number, options: { onBatch?: (p: Publication) => void } = {}): Promise<Publication> {
    const owner = Bulletins.newOwner();
    if (this.claim(owner, id) === null) throw new BulletinError(`La publication ${id} est déjà distribuée par un autre processus.`, 409);
    return this.deliver(id, owner, options);
  }

  // ------------------------------------------------------------------ reading

  get(id: number): Publication | null {
    return this.publications.get(id);
  }

  /** The publications for the admins' list, newest first. */
  list(kinds: readonly PublicationKind[] = ['bulletin', 'election', 'union'], limit = 200): Publication[] {
    return this.publications.list(kinds, limit);
  }

  /** A union's own messages, newest first. */
  sentByUnion(unionId: number, limit = 100): Publication[] {
    return this.publications.byAuthor(unionId, 'union', limit);
  }

  /** The bulletins and election notices an agent was sent, delivered or not (mailbox full), newest first. */
  receivedBy(accountId: number, limit = 200): ReceivedBulletin[] {
    return this.publications
      .received(accountId, ['bulletin', 'election'], limit)
      .map(({ outcome, ...publication }) => ({ publication, delivered: outcome === OUTCOME.delivered }));
  }

  /**
   * The message of a publication as `accountId` received it (its own unsubscribe token in
   * place), if it was sent to them, or they wrote it, or `asAdmin`; null otherwise: nobody reads
   * what was not sent to them.
   */
  message(accountId: number, publicationId: number, asAdmin = false): Buffer | null {
    const publication = this.publications.get(publicationId);
    if (!publication) return null;
    const outcome = this.publications.outcome(accountId, publicationId);
    const allowed = asAdmin || publication.authorId === accountId || outcome === OUTCOME.delivered || outcome === OUTCOME.full;
    if (!allowed) return null;
    const raw = this.deps.store.raw(publication.contentId);
    if (publication.kind !== 'union' || outcome === null) return raw;
    return personalize(raw, this.tokens().issue(accountId, publication.authorId!, this.unsubscribeUntil(publication.createdAt)));
  }

  // ------------------------------------------------------------------ the server's runner

  /** The runner of `owner` delivers what is recorded until `until` (runner.ts). */
  runnerAlive(owner: string, until: number): void {
    this.deps.store.write(() => this.publications.setSetting('runner', JSON.stringify({ owner, until })));
  }

  runnerStopped(owner: string): void {
    this.deps.store.write(() => {
      if (this.runner()?.owner === owner) this.publications.setSetting('runner', null);
    });
  }

  /** Whether a server's runner will deliver what this process records. */
  hasRunner(): boolean {
    return (this.runner()?.until ?? 0) > this.now();
  }

  private runner(): { owner: string; until: number } | null {
    const value = this.publications.setting('runner');
    return value === null ? null : (JSON.parse(value) as { owner: string; until: number });
  }

  /** Publications not yet delivered to everyone. */
  waiting(): number {
    return this.publications.waiting();
  }

  // ------------------------------------------------------------------ union mail refusals

  /**
   * Until when an unsubscription holds: the date admins set, else the end of the next
   * professional elections (WEBMEL_ELECTION_END, or four years on from it until it is ahead).
   */
  unsubscribeUntil(now = this.now()): number {
    const set = Number(this.publications.setting('unsubscribe_until') ?? 0);
    if (set > now) return set;
    let end = this.deps.electionEnd ?? addYears(now, ELECTION_CYCLE_YEARS);
    while (end <= now) end = addYears(end, ELECTION_CYCLE_YEARS);
    return end;
  }

  /** Admins: the date unsubscriptions last until (null: back to the next elections). */
  setUnsubscribeUntil(ms: number | null): void {
    if (ms !== null && !(ms > this.now())) throw new BulletinError('La date doit être à venir.');
    this.deps.store.write(() => this.publications.setSetting('unsubscribe_until', ms === null ? null : String(ms)));
  }

  /** The one-click unsubscribe (RFC 8058): throws BulletinError 404 for a forged token, 410 for an expired one. */
  unsubscribe(token: string): UnsubscribeResult {
    const { union, agent } = this.tokenParties(token, 'Ce lien de désabonnement a expiré : de nouveaux messages du syndicat en portent un valable.');
    const now = this.now();
    const already = this.publications.isUnsubscribed(agent.id, union.id, now);
    const until = this.unsubscribeUntil(now);
    if (!already) this.deps.store.write(() => this.publications.unsubscribe(agent.id, union.id, until, now));
    return { unionName: unionName(union), until: already ? this.currentUntil(agent.id, union.id) : until, already };
  }

  /** The union a valid token names and its agent, for the confirmation page (GET); throws like unsubscribe. */
  tokenSubject(token: string): { unionName: string; already: boolean } {
    const { union, agent } = this.tokenParties(token, 'Ce lien de désabonnement a expiré.');
    return { unionName: unionName(union), already: this.publications.isUnsubscribed(agent.id, union.id, this.now()) };
  }

  /** The union and the agent a token names: 404 when this server did not issue it (or either is gone), 410 once expired. */
  private tokenParties(token: string, expired: string): { union: Account; agent: Account } {
    const claims = this.tokens().read(token);
    const union = claims ? this.deps.accounts.byId(claims.unionId) : null;
    const agent = claims ? this.deps.accounts.byId(claims.accountId) : null;
    if (!claims || !union || union.role !== 'syndicat' || !agent) throw new BulletinError('Ce lien de désabonnement n’est pas valide.', 404);
    if (claims.validUntil < this.now()) throw new BulletinError(expired, 410);
    return { union, agent };
  }

  private currentUntil(accountId: number, unionId: number): number {
    return this.publications.unsubscriptions(accountId, this.now()).find((u) => u.unionId === unionId)?.until ?? this.unsubscribeUntil();
  }

  /** The unions an agent refused, for their settings. */
  unsubscriptions(accountId: number): UnionUnsubscription[] {
    return this.publications.unsubscriptions(accountId, this.now()).map((u) => {
      const union = this.deps.accounts.byId(u.unionId);
      return { ...u, unionName: union ? unionName(union) : `syndicat n° ${u.unionId}` };
    });
  }

  /** The agent takes back their refusal of a union's mail. */
  resubscribe(accountId: number, unionId: number): boolean {
    return this.deps.store.write(() => this.publications.resubscribe(accountId, unionId));
  }

  /** Union counts of past months and lapsed unsubscriptions (the hourly clean-up). */
  purgeExpired(): number {
    const now = this.now();
    return this.deps.store.write(() => this.publications.purge(now, parisDay(now).slice(0, 7)));
  }

  private tokens(): UnsubscribeTokens {
    if (!this.tokensCache) {
      const key = this.deps.store.write(() => this.publications.settingOr('unsubscribe_key', () => randomBytes(32).toString('hex')));
      this.tokensCache = new UnsubscribeTokens(Buffer.from(key, 'hex'));
    }
    return this.tokensCache;
  }
}
