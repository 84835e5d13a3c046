/**
 * What never changes about a message while its folder keeps its UIDVALIDITY (RFC 3501 2.3.1.1):
 * envelope, structure, size, arrival. A desktop client keeps these locally and then only
 * synchronises flags; we do the same per signed-in account, so a list page costs one small
 * FETCH (UID FLAGS) instead of 50 envelopes and structures to parse again. The cache lives in
 * the account's pool entry and goes with its connection.
 */
import type { FetchMessageObject } from 'imapflow';
import { analyseStructure, type MessageLayout } from './message-structure.js';

/** Heads kept per account: ten pages of the list, and the messages opened from them. */
export const MAX_CACHED_HEADS_PER_ACCOUNT = 500;

export interface Address {
  name: string;
  address: string;
}

export interface MessageHead {
  uid: number;
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** The Date: header. */
  sentAt: Date | null;
  /** INTERNALDATE: arrival, the list's order. */
  receivedAt: Date | null;
  size: number;
  layout: MessageLayout;
}

export function toAddresses(list: ReadonlyArray<{ name?: string; address?: string }> | undefined): Address[] {
  return (list ?? []).map((a) => ({ name: a.name ?? '', address: a.address ?? '' })).filter((a) => a.name || a.address);
}

export function toDate(value: Date | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The head of a FETCH answer that asked for ENVELOPE, BODYSTRUCTURE, RFC822.SIZE and INTERNALDATE. */
export function toHead(message: FetchMessageObject): MessageHead {
  const envelope = message.envelope ?? {};
  return {
    uid: message.uid,
    subject: envelope.subject ?? '',
    from: toAddresses(envelope.from),
    to: toAddresses(envelope.to),
    cc: toAddresses(envelope.cc),
    replyTo: toAddresses(envelope.replyTo),
    sentAt: toDate(envelope.date),
    receivedAt: toDate(message.internalDate),
    size: message.size ?? 0,
    layout: analyseStructure(message.bodyStructure),
  };
}

/**
 * Least-recently-used heads of one account, by folder (path and UIDVALIDITY), then UID. A list
 * page looks fifty heads up in one folder: that folder's map is found once, and each head by its
 * number, without building a key string per message.
 */
export class MessageCache {
  private readonly folders = new Map<string, Map<number, KeptHead>>();
  private count = 0;
  /** Ticks at each use: a head's `used` says how recently it served. */
  private clock = 0;
  /** The folder last looked up. */
  private last: { path: string; uidValidity: bigint; heads: Map<number, KeptHead> } | null = null;

  constructor(private readonly capacity = MAX_CACHED_HEADS_PER_ACCOUNT) {}

  get(path: string, uidValidity: bigint, uid: number): MessageHead | undefined {
    const kept = this.folder(path, uidValidity, false)?.get(uid);
    if (!kept) return undefined;
    kept.used = ++this.clock;
    return kept.head;
  }

  set(path: string, uidValidity: bigint, head: MessageHead): void {
    const heads = this.folder(path, uidValidity, true)!;
    const kept = heads.get(head.uid);
    if (kept) {
      kept.head = head;
      kept.used = ++this.clock;
      return;
    }
    heads.set(head.uid, { head, used: ++this.clock });
    if (++this.count > this.capacity) this.evict();
  }

  get size(): number {
    return this.count;
  }

  private folder(path: string, uidValidity: bigint, create: boolean): Map<number, KeptHead> | undefined {
    const last = this.last;
    if (last && last.path === path && last.uidValidity === uidValidity) return last.heads;
    const key = `${uidValidity}\u0000${path}`;
    let heads = this.folders.get(key);
    if (!heads) {
      if (!create) return undefined;
      heads = new Map();
      this.folders.set(key, heads);
    }
    this.last = { path, uidValidity, heads };
    return heads;
  }

  /**
   * Lets the least recently used tenth go at once, down to 90 % of the capacity: one pass over
   * the heads every few dozen new ones, rather than one per head added.
   */
  private evict(): void {
    const uses: number[] = [];
    for (const heads of this.folders.values()) for (const kept of heads.values()) uses.push(kept.used);
    uses.sort((a, b) => a - b);
    const target = Math.floor(this.capacity * 0.9);
    // Uses are unique (one tick each): everything used at or before this tick goes.
    const lastToGo = uses[this.count - target - 1]!;
    for (const [key, heads] of this.folders) {
      for (const [uid, kept] of heads) {
        if (kept.used > lastToGo) continue;
        heads.delete(uid);
        this.count--;
      }
      if (heads.size === 0) {
        this.folders.delete(key);
        if (this.last?.heads === heads) this.last = null;
      }
    }
  }
}

interface KeptHead {
  head: MessageHead;
  used: number;
}
