/**
 * A message being written lives on the server between requests: its fields, the context it
 * answers (parent message, thread headers), its attachments (files on disk, streamed in and out,
 * never held whole in memory), the draft that last saved it, and, for a few seconds after
 * « Envoyer », what to undo. One folder per composition:
 *
 *   <dataDir>/compose/<accountId>/<composeId>/state.json, att-<id> (attachment bytes)
 *
 * The account id comes from the session, never from the request, and the compose id is 128
 * random bits: a composition can only be reached by its owner. The folder is a working copy; the
 * draft in Brouillons (IMAP) is what survives.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Compositions kept per account; opening one more forgets the oldest (its draft stays in Brouillons). */
export const MAX_COMPOSITIONS_PER_ACCOUNT = 30;
/** An untouched composition is forgotten after this (its draft, if saved, stays). */
export const COMPOSITION_MAX_IDLE_MS = 7 * 24 * 3600 * 1000;
/** A sent composition is kept this long after it left, for « Annuler » and to reopen it after an undo. */
export const SENT_KEEP_MS = 60 * 60 * 1000;

const COMPOSE_ID = /^[A-Za-z0-9_-]{22}$/;
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{11}$/;

export type ComposeKind = 'new' | 'reply' | 'reply-all' | 'forward' | 'forward-attached';

/** The message this one answers or forwards, to flag it once sent. */
export interface OriginRef {
  path: string;
  uidValidity: string;
  uid: number;
  /** RFC 3501 2.3.2 \Answered for replies; the `$Forwarded` keyword (RFC 5788 registry) for forwards. */
  flag: '\\Answered' | '$Forwarded';
}

export interface ComposeFields {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  /** The plain text (always: it is the text/plain part, and the only one without rich text). */
  text: string;
  /** Rich-text mode: the editor's HTML (sanitised again whenever it is used). */
  html: string | null;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface MessageRef {
  path: string;
  uidValidity: string;
  uid: number;
}

export interface SentRecord {
  queueId: number;
  /** When it leaves (the end of the undo window, or the chosen time). */
  sendAfter: number;
  /** « Envoyer plus tard » rather than the undo window. */
  scheduled: boolean;
  /** The copy in Envoyés, removed again by an undo. */
  sentCopy: MessageRef | null;
  /** We set the origin's flag (and remove it again on undo). */
  flagAdded: boolean;
  /** Recipients the server refused, shown on the confirmation. */
  refused: string[];
  /** The folder to show after sending. */
  back: string;
}

export interface ComposeState {
  id: string;
  accountId: number;
  createdAt: number;
  updatedAt: number;
  kind: ComposeKind;
  origin: OriginRef | null;
  inReplyTo: string | null;
  references: string[];
  fields: ComposeFields;
  attachments: StoredAttachment[];
  /** The draft in Brouillons that holds the last saved version, and its size (quota). */
  draft: (MessageRef & { size: number }) | null;
  /** Hash of what the draft holds: an autosave with nothing new costs nothing. */
  savedHash: string | null;
  /** Hash of the composition as it was opened: untouched, it is not worth a draft. */
  initialHash: string | null;
  sent: SentRecord | null;
}

export function emptyFields(): ComposeFields {
  return { to: '', cc: '', bcc: '', subject: '', text: '', html: null };
}

export function isComposeId(id: unknown): id is string {
  return typeof id === 'string' && COMPOSE_ID.test(id);
}

/** Serialises the work on one composition (an upload, an autosave and a send must not interleave). */
class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

export class ComposeStore {
  private readonly mutex = new KeyedMutex();

  constructor(readonly root: string) {}

  private accountDir(accountId: number): string {
    return path.join(this.root, String(accountId));
  }

  private dir(accountId: number, id: string): string {
    if (!Number.isSafeInteger(accountId) || !isComposeId(id)) throw new Error('bad composition id');
    return path.join(this.accountDir(accountId), id);
  }

  /** Runs `fn` alone on this composition. */
  exclusive<T>(accountId: number, id: string, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(`${accountId}/${id}`, fn);
  }

  create(accountId: number, init: Pick<ComposeState, 'kind' | 'origin' | 'inReplyTo' | 'references' | 'fields'> & Partial<Pick<ComposeState, 'draft'>>): ComposeState {
    this.sweep(accountId);
    const now = Date.now();
    const state: ComposeState = {
      id: randomBytes(16).toString('base64url'),
      accountId,
      createdAt: now,
      updatedAt: now,
      attachments: [],
      draft: null,
      savedHash: null,
      initialHash: null,
      sent: null,
      ...init,
    };
    fs.mkdirSync(this.dir(accountId, state.id), { recursive: true });
    this.save(state);
    return state;
  }

  /** The composition, or null when it is not this account's (or no longer exists). */
  load(accountId: number, id: unknown): ComposeState | null {
    if (!isComposeId(id)) return null;
    try {
      const state = JSON.parse(fs.readFileSync(path.join(this.dir(accountId, id), 'state.json'), 'utf8')) as ComposeState;
      return state.accountId === accountId && state.id === id ? state : null;
    } catch {
      return null;
    }
  }

  /** Writes the state atomically (a crash leaves the old or the new one, never half). */
  save(state: ComposeState): void {
    state.updatedAt = Date.now();
    const file = path.join(this.dir(state.accountId, state.id), 'state.json');
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(state));
    fs.renameSync(temp, file);
  }

  attachmentPath(state: Pick<ComposeState, 'accountId' | 'id'>, attachmentId: string): string {
    if (!ATTACHMENT_ID.test(attachmentId)) throw new Error('bad attachment id');
    return path.join(this.dir(state.accountId, state.id), `att-${attachmentId}`);
  }

  /** A fresh file path for bytes being received; `adopt` turns it into an attachment. */
  tempPath(state: Pick<ComposeState, 'accountId' | 'id'>): string {
    return path.join(this.dir(state.accountId, state.id), `upload-${randomBytes(8).toString('hex')}.part`);
  }

  /** Moves a received file in as an attachment of `state` (the caller saves the state). */
  adopt(state: ComposeState, tempFile: string, meta: Omit<StoredAttachment, 'id'>): StoredAttachment {
    const attachment: StoredAttachment = { id: randomBytes(8).toString('base64url'), ...meta };
    fs.renameSync(tempFile, this.attachmentPath(state, attachment.id));
    state.attachments.push(attachment);
    return attachment;
  }

  /** Deletes a received file that was not adopted. */
  removeTemp(file: string): void {
    if (path.basename(file).startsWith('upload-') && file.startsWith(this.root + path.sep)) fs.rmSync(file, { force: true });
  }

  /** Removes one attachment; false when the composition has no such attachment. */
  removeAttachment(state: ComposeState, attachmentId: string): boolean {
    const index = state.attachments.findIndex((a) => a.id === attachmentId);
    if (index === -1) return false;
    state.attachments.splice(index, 1);
    fs.rmSync(this.attachmentPath(state, attachmentId), { force: true });
    return true;
  }

  discard(accountId: number, id: string): void {
    if (isComposeId(id)) fs.rmSync(this.dir(accountId, id), { recursive: true, force: true });
  }

  /**
   * Forgets the account's compositions that are done with (sent and past their undo window,
   * or untouched for a week), and the oldest ones past MAX_COMPOSITIONS_PER_ACCOUNT - 1.
   */
  sweep(accountId: number, now = Date.now()): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.accountDir(accountId)).filter((name) => isComposeId(name));
    } catch {
      return;
    }
    const alive: Array<{ id: string; updatedAt: number }> = [];
    for (const id of names) {
      const state = this.load(accountId, id);
      const finished = !state || (state.sent !== null && now > state.sent.sendAfter + SENT_KEEP_MS) || now - state.updatedAt > COMPOSITION_MAX_IDLE_MS;
      if (finished) this.discard(accountId, id);
      else alive.push({ id, updatedAt: state.updatedAt });
    }
    alive.sort((a, b) => a.updatedAt - b.updatedAt);
    for (const old of alive.slice(0, Math.max(0, alive.length - (MAX_COMPOSITIONS_PER_ACCOUNT - 1)))) this.discard(accountId, old.id);
  }
}
