/**
 * « Votre courrier »: the closed channel between an agent and their gestionnaire (domain.md
 * §4.2, the seed's « Le seul destinataire possible est votre gestionnaire »).
 *
 * - The gestionnaire is the annuaire's: an agent writes to the one it names, and nobody else;
 *   a gestionnaire reads and answers the courrier of the agents it names them for, today (a
 *   change in the annuaire hands the exchanges to the new gestionnaire, as a team inbox would).
 * - A courrier's content is held by the mail store (holdContent): no mailbox, no quota, no IMAP.
 * - When the gestionnaire writes, the agent is told in their académie INBOX, and at their
 *   personal address if they gave one, that a courrier is waiting: never what it says.
 * - Older than `archiveAfterDays`, a courrier goes to « Archives » (archiveOld, the daily job).
 */
import type { Account } from '../../accounts/account-store.js';
import type { Db } from '../../db/database.js';
import type { Directory } from '../../directory/index.js';
import type { MailStore } from '../../store/mail-store.js';
import { prepareMessage } from '../../store/prepare-message.js';
import { PortalError } from '../portal-error.js';
import { buildCourrierMime, courrierAttachment, readCourrierMime, type CourrierContent, type CourrierFile } from './courrier-message.js';
import type { CourrierThemes } from './themes.js';

export const MAX_SUBJECT_CHARS = 200;
export const MAX_MESSAGE_CHARS = 100_000;
const DAY_MS = 86_400_000;
/** An agent's box shows its newest 200: a year of courrier to one's gestionnaire fits well in it. */
export const LIST_LIMIT = 200;
/** A gestionnaire's queue, a page at a time: they may have thousands of agents. */
export const QUEUE_PAGE = 50;

export interface CourrierSettings {
  /** Total attachment bytes of one courrier (WEBMEL_IPROF_ATTACHMENTS_MB). */
  attachmentBytes: number;
  archiveAfterDays: number;
  hostname: string;
  /** Where the notice sends the agent to read (the courrier's page on the public URL). */
  courrierUrl: string;
}

export interface CourrierDeps {
  db: Db;
  store: MailStore;
  accounts: { byId(id: number): Account | null; byAddress(address: string): Account | null };
  directory: Directory;
  themes: CourrierThemes;
  settings: CourrierSettings;
  /** Writes the short notice in an académie INBOX (SystemMail.deliver). */
  notifyInbox: (accountId: number, notice: { subject: string; text: string }) => void;
  /** Sends the same notice to the agent's personal address, if they gave one. */
  notifyPersonal: (accountId: number, notice: { subject: string; text: string }) => void;
}

export interface CourrierSummary {
  id: number;
  threadId: number;
  agentId: number;
  /** Null once the gestionnaire's account is deleted. */
  gestionnaireId: number | null;
  /** Written by the agent (true) or by the gestionnaire (false). */
  fromAgent: boolean;
  subject: string;
  theme: string | null;
  size: number;
  attachmentCount: number;
  sentAt: number;
  readAt: number | null;
  handledAt: number | null;
  archivedAt: number | null;
}

export interface CourrierWithContent extends CourrierSummary, CourrierContent {}

export interface NewCourrier {
  subject: string;
  message: string;
  theme: string;
  attachments: readonly CourrierFile[];
  /** The courrier answered (its exchange continues), or null for a new one. */
  replyTo?: number | null;
}

export type AgentBox = 'recus' | 'envoyes' | 'archives';

export interface QueueFilter {
  /** 'a-traiter': not yet marked handled; 'traites': marked; 'tous'. */
  status: 'a-traiter' | 'traites' | 'tous';
  theme: string | null;
}

const COLUMNS = `id, thread_id AS threadId, agent_id AS agentId, gestionnaire_id AS gestionnaireId, from_agent AS fromAgent,
  subject, theme, size, attachments AS attachmentCount, sent_at AS sentAt, read_at AS readAt, handled_at AS handledAt, archived_at AS archivedAt, content_id AS contentId`;

type Row = Omit<CourrierSummary, 'fromAgent'> & { fromAgent: number; contentId: number };

export class Courrier {
  private readonly stmt;

  constructor(private readonly deps: CourrierDeps) {
    const { db } = deps;
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO portal_courriers (thread_id, agent_id, gestionnaire_id, from_agent, subject, theme, content_id, size, attachments, sent_at)
         VALUES (@threadId, @agentId, @gestionnaireId, @fromAgent, @subject, @theme, @contentId, @size, @attachments, @sentAt)`,
      ),
      ownThread: db.prepare(`UPDATE portal_courriers SET thread_id = id WHERE id = ?`),
      get: db.prepare(`SELECT ${COLUMNS} FROM portal_courriers WHERE id = ?`),
      thread: db.prepare(`SELECT ${COLUMNS} FROM portal_courriers WHERE thread_id = ? ORDER BY sent_at, id`),
      agentBox: db.prepare(
        `SELECT ${COLUMNS} FROM portal_courriers
         WHERE agent_id = @agentId AND (@box = 'archives') = (archived_at IS NOT NULL)
           AND (@box = 'archives' OR from_agent = (@box = 'envoyes'))
         ORDER BY sent_at DESC, id DESC LIMIT ${LIST_LIMIT}`,
      ),
      agentUnread: db.prepare(`SELECT count(*) FROM portal_courriers WHERE agent_id = ? AND from_agent = 0 AND read_at IS NULL`).pluck(),
      queue: db.prepare(
        `SELECT ${COLUMNS} FROM portal_courriers
         WHERE from_agent = 1 AND agent_id IN (SELECT value FROM json_each(@agents))
           AND (@status = 'tous' OR (@status = 'traites') = (handled_at IS NOT NULL))
           AND (@theme IS NULL OR theme = @theme)
         ORDER BY sent_at DESC, id DESC LIMIT @limit OFFSET @offset`,
      ),
      toHandle: db.prepare(
        `SELECT count(*) FROM portal_courriers
         WHERE from_agent = 1 AND handled_at IS NULL AND agent_id IN (SELECT value FROM json_each(?))`,
      ).pluck(),
      queueThemes: db.prepare(
        `SELECT DISTINCT theme FROM portal_courriers
         WHERE from_agent = 1 AND theme IS NOT NULL AND agent_id IN (SELECT value FROM json_each(?)) ORDER BY theme`,
      ).pluck(),
      markRead: db.prepare(`UPDATE portal_courriers SET read_at = ? WHERE id = ? AND read_at IS NULL`),
      // Handling is the exchange's: every courrier of the agent in it so far (a later one is new, to handle).
      markHandled: db.prepare(`UPDATE portal_courriers SET handled_at = ? WHERE thread_id = ? AND from_agent = 1 AND handled_at IS NULL`),
      reopen: db.prepare(`UPDATE portal_courriers SET handled_at = NULL WHERE thread_id = ? AND from_agent = 1`),
      agentContents: db.prepare(`SELECT content_id FROM portal_courriers WHERE agent_id = ?`).pluck(),
      deleteAgent: db.prepare(`DELETE FROM portal_courriers WHERE agent_id = ?`),
      archive: db.prepare(`UPDATE portal_courriers SET archived_at = @now WHERE archived_at IS NULL AND sent_at < @cutoff`),
    };
  }

  /** The account of the agent's gestionnaire, as the annuaire names them; null when it names none we host. */
  gestionnaireOf(agent: Account): Account | null {
    const person = this.deps.directory.gestionnaireOf(agent.address);
    const address = person?.address ?? this.deps.directory.person(agent.address)?.gestionnaire ?? null;
    if (!address) return null;
    const account = this.deps.accounts.byAddress(address);
    return account && account.disabledAt === null && account.id !== agent.id ? account : null;
  }

  /** The open accounts a gestionnaire manages today, by the annuaire. */
  agentsOf(gestionnaire: Account): Account[] {
    const agents: Account[] = [];
    for (const person of this.deps.directory.agentsOf(gestionnaire.address)) {
      const account = this.deps.accounts.byAddress(person.address);
      if (account && account.id !== gestionnaire.id) agents.push(account);
    }
    return agents;
  }

  /** Whether the annuaire names `gestionnaire` for some agent (without reading every agent's account). */
  isGestionnaire(gestionnaire: Account): boolean {
    return this.deps.directory.agentsOf(gestionnaire.address).some((person) => person.address !== gestionnaire.address);
  }

  /** An agent writes to their gestionnaire (a new exchange, or an answer in one of theirs). */
  async sendToGestionnaire(agent: Account, input: NewCourrier, now = Date.now()): Promise<CourrierSummary> {
    const gestionnaire = this.gestionnaireOf(agent);
    if (!gestionnaire) {
      throw new PortalError('Aucun gestionnaire n’est indiqué pour vous dans l’annuaire : votre courrier ne peut être envoyé. Signalez-le à votre établissement.', 403);
    }
    if (!input.replyTo) return this.write({ agent, gestionnaire, fromAgent: true, threadId: null, theme: this.themeOf(input.theme), input, now });
    // An answer continues its exchange, under its theme (allowed then, whatever is allowed now).
    const answered = this.row(input.replyTo);
    if (!answered || answered.agentId !== agent.id) throw new PortalError('Ce courrier n’existe pas ou ne vous est pas adressé.', 404);
    const subject = input.subject.trim() === '' ? answerSubject(answered.subject) : input.subject;
    return this.write({ agent, gestionnaire, fromAgent: true, threadId: answered.threadId, theme: answered.theme, input: { ...input, subject }, now });
  }

  /** A gestionnaire answers a courrier of one of their agents; the agent is told it is waiting. */
  async reply(gestionnaire: Account, courrierId: number, input: Pick<NewCourrier, 'message' | 'attachments'>, now = Date.now()): Promise<CourrierSummary> {
    const answered = this.visibleTo(gestionnaire, courrierId);
    if (answered.agentId === gestionnaire.id) throw new PortalError('Vous ne pouvez répondre ici qu’aux courriers de vos agents.', 403);
    const agent = this.deps.accounts.byId(answered.agentId);
    if (!agent) throw new PortalError('Ce courrier n’existe pas.', 404);
    const sent = await this.write({ agent, gestionnaire, fromAgent: false, threadId: answered.threadId, theme: answered.theme, input: { ...input, subject: answerSubject(answered.subject), theme: '' }, now });
    // Answering is handling the agent's courrier of the exchange.
    this.stmt.markHandled.run(now, answered.threadId);
    const notice = {
      subject: 'I-Prof : un courrier de votre gestionnaire vous attend',
      text: [
        `Bonjour ${agent.prenom} ${agent.nom},`,
        '',
        'Votre gestionnaire vous a adressé un courrier dans I-Prof.',
        `Pour le lire, ouvrez « Votre courrier » : ${this.deps.settings.courrierUrl}`,
        '',
        'Ce message ne reprend pas le contenu du courrier. Merci de ne pas y répondre.',
      ].join('\n'),
    };
    this.deps.notifyInbox(agent.id, notice);
    this.deps.notifyPersonal(agent.id, notice);
    return sent;
  }

  /** An agent's « Reçus », « Envoyés » or « Archives », newest first. */
  box(agent: Account, box: AgentBox): CourrierSummary[] {
    return (this.stmt.agentBox.all({ agentId: agent.id, box }) as Row[]).map(toSummary);
  }

  unreadCount(agent: Account): number {
    return this.stmt.agentUnread.get(agent.id) as number;
  }

  /** The courrier of a gestionnaire's agents, newest first, page `page` (from 1) of QUEUE_PAGE. */
  queue(gestionnaire: Account, filter: QueueFilter, page = 1): { items: CourrierSummary[]; hasNext: boolean } {
    const agents = JSON.stringify(this.agentsOf(gestionnaire).map((a) => a.id));
    const offset = (Math.max(1, Math.floor(page)) - 1) * QUEUE_PAGE;
    const rows = this.stmt.queue.all({ agents, status: filter.status, theme: filter.theme, limit: QUEUE_PAGE + 1, offset }) as Row[];
    return { items: rows.slice(0, QUEUE_PAGE).map(toSummary), hasNext: rows.length > QUEUE_PAGE };
  }

  /** How many courriers of a gestionnaire's agents wait to be handled. */
  toHandleCount(gestionnaire: Account): number {
    return this.stmt.toHandle.get(JSON.stringify(this.agentsOf(gestionnaire).map((a) => a.id))) as number;
  }

  /** The themes found in a gestionnaire's queue (its filter's choices, the allowed ones of yesterday included). */
  queueThemes(gestionnaire: Account): string[] {
    return this.stmt.queueThemes.all(JSON.stringify(this.agentsOf(gestionnaire).map((a) => a.id))) as string[];
  }

  /**
   * A courrier's whole exchange, each with its text and attachments, for its agent or their
   * gestionnaire only; what was addressed to the reader is marked read.
   */
  async open(viewer: Account, courrierId: number, now = Date.now()): Promise<CourrierWithContent[]> {
    const opened = this.visibleTo(viewer, courrierId);
    const readerIsAgent = opened.agentId === viewer.id;
    const rows = this.stmt.thread.all(opened.threadId) as Row[];
    const thread: CourrierWithContent[] = [];
    for (const row of rows) {
      const content = await readCourrierMime(this.deps.store.raw(row.contentId));
      const summary = toSummary(row);
      // Written to the reader: the agent reads the gestionnaire's, the gestionnaire the agent's.
      if (summary.readAt === null && summary.fromAgent !== readerIsAgent) {
        this.stmt.markRead.run(now, row.id);
        summary.readAt = now;
      }
      thread.push({ ...summary, ...content });
    }
    return thread;
  }

  /** One attachment's bytes, for the same readers as the courrier. */
  async attachment(viewer: Account, courrierId: number, index: number) {
    const row = this.visibleTo(viewer, courrierId);
    const found = await courrierAttachment(this.deps.store.raw(row.contentId), index);
    if (!found) throw new PortalError('Cette pièce jointe n’existe pas.', 404);
    return found;
  }

  /** The gestionnaire marks an agent's courrier handled, with the rest of its exchange (`handled` false: to handle again). */
  setHandled(gestionnaire: Account, courrierId: number, handled: boolean, now = Date.now()): CourrierSummary {
    const row = this.visibleTo(gestionnaire, courrierId);
    if (row.agentId === gestionnaire.id) throw new PortalError('Seul votre gestionnaire peut marquer votre courrier comme traité.', 403);
    if (!row.fromAgent) throw new PortalError('Seul un courrier d’un agent se marque comme traité.');
    if (handled) this.stmt.markHandled.run(now, row.threadId);
    else this.stmt.reopen.run(row.threadId);
    const { contentId: _contentId, ...updated } = this.row(row.id)!;
    return updated;
  }

  /** The daily job: courrier older than the archiving age goes to « Archives ». Returns how many moved. */
  archiveOld(now = Date.now()): number {
    return this.stmt.archive.run({ now, cutoff: now - this.deps.settings.archiveAfterDays * DAY_MS }).changes;
  }

  /**
   * An agent's account is about to be deleted (AdminActions, at the end of a departure): their
   * courrier goes, its contents given back to the store. Inside the caller's write. Returns how
   * many courriers went.
   */
  forgetAgent(agentId: number): number {
    return this.deps.store.write(() => {
      const contents = this.stmt.agentContents.all(agentId) as number[];
      this.stmt.deleteAgent.run(agentId);
      for (const contentId of contents) this.deps.store.releaseHeldContent(contentId);
      return contents.length;
    });
  }

  private row(id: number): (CourrierSummary & { contentId: number }) | null {
    const row = this.stmt.get.get(id) as Row | undefined;
    return row ? { ...toSummary(row), contentId: row.contentId } : null;
  }

  /** The courrier if `viewer` is its agent or manages its agent today; a 404 otherwise, so that nobody learns what exists. */
  private visibleTo(viewer: Account, courrierId: number): CourrierSummary & { contentId: number } {
    const row = Number.isSafeInteger(courrierId) ? this.row(courrierId) : null;
    if (row && row.agentId === viewer.id) return row;
    const agent = row ? this.deps.accounts.byId(row.agentId) : null;
    if (row && agent && this.deps.directory.manages(viewer.address, agent.address)) return row;
    throw new PortalError('Ce courrier n’existe pas ou ne vous est pas adressé.', 404);
  }

  private themeOf(typed: string): string | null {
    const allowed = this.deps.themes.list();
    const clean = typed.trim();
    if (allowed.length === 0) {
      if (clean !== '') throw new PortalError('Aucun thème n’est autorisé : envoyez votre courrier sans thème.');
      return null;
    }
    if (clean === '') throw new PortalError('Choisissez le thème de votre courrier.');
    const found = this.deps.themes.find(clean);
    if (!found) throw new PortalError(`Le thème « ${clean.slice(0, 80)} » n’est pas autorisé.`);
    return found;
  }

  private async write(w: {
    agent: Account;
    gestionnaire: Account;
    fromAgent: boolean;
    threadId: number | null;
    theme: string | null;
    input: NewCourrier;
    now: number;
  }): Promise<CourrierSummary> {
    const subject = w.input.subject.trim().replace(/\s+/g, ' ');
    const text = w.input.message.replace(/\r\n?/g, '\n');
    if (subject === '') throw new PortalError('Indiquez l’objet de votre courrier.');
    if (subject.length > MAX_SUBJECT_CHARS) throw new PortalError(`L’objet a ${MAX_SUBJECT_CHARS} caractères au plus.`);
    if (text.trim() === '') throw new PortalError('Écrivez votre message.');
    if (text.length > MAX_MESSAGE_CHARS) throw new PortalError(`Le message a ${MAX_MESSAGE_CHARS.toLocaleString('fr-FR')} caractères au plus.`);
    const attachmentBytes = w.input.attachments.reduce((sum, a) => sum + a.size, 0);
    if (attachmentBytes > this.deps.settings.attachmentBytes) throw new PortalError(attachmentLimitMessage(this.deps.settings.attachmentBytes), 413);
    const [from, to] = w.fromAgent ? [w.agent, w.gestionnaire] : [w.gestionnaire, w.agent];
    const raw = await buildCourrierMime({
      from: { name: `${from.prenom} ${from.nom}`, address: from.address },
      to: { name: `${to.prenom} ${to.nom}`, address: to.address },
      subject,
      text,
      theme: w.theme,
      attachments: w.input.attachments,
      date: new Date(w.now),
      hostname: this.deps.settings.hostname,
    });
    const contentId = this.deps.store.holdContent(prepareMessage(raw));
    try {
      const id = this.deps.db.transaction(() => {
        const inserted = Number(
          this.stmt.insert.run({
            threadId: w.threadId ?? 0,
            agentId: w.agent.id,
            gestionnaireId: w.gestionnaire.id,
            fromAgent: w.fromAgent ? 1 : 0,
            subject,
            theme: w.theme,
            contentId,
            size: raw.length,
            attachments: w.input.attachments.length,
            sentAt: w.now,
          }).lastInsertRowid,
        );
        if (w.threadId === null) this.stmt.ownThread.run(inserted);
        return inserted;
      })();
      return toSummary(this.stmt.get.get(id) as Row);
    } catch (err) {
      // Nothing refers to the content: give it back rather than leave it unreachable.
      this.deps.store.releaseHeldContent(contentId);
      throw err;
    }
  }
}

/** « Re : » once, before the exchange's subject. */
function answerSubject(subject: string): string {
  return /^re ?:/i.test(subject) ? subject : `Re : ${subject}`.slice(0, MAX_SUBJECT_CHARS);
}

/** « taille max : 5,24 Mo », in the seed's words and unit. */
export function attachmentLimitText(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} Mo`;
}

export function attachmentLimitMessage(bytes: number): string {
  return `Les pièces jointes dépassent la taille maximale de ${attachmentLimitText(bytes)} au total : retirez-en ou réduisez-les.`;
}

function toSummary(row: Row): CourrierSummary {
  const { contentId: _contentId, ...rest } = row;
  return { ...rest, fromAgent: row.fromAgent === 1 };
}
