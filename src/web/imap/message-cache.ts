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

/** Least-recently-used heads of one account, by folder, UIDVALIDITY and UID. */
export class MessageCache {
  private readonly heads = new Map<string, MessageHead>();

  constructor(private readonly capacity = MAX_CACHED_HEADS_PER_ACCOUNT) {}

  /** The folder part of the keys last made: a list page asks for fifty heads of one folder. */
  private folder = { path: '', uidValidity: -1n, prefix: '' };

  private key(path: string, uidValidity: bigint, uid: number): string {
    if (path !== this.folder.path || uidValidity !== this.folder.uidValidity) {
      this.folder = { path, uidValidity, prefix: `${uidValidity}\u0000${path}\u0000` };
    }
    return this.folder.prefix + uid;
  }

  get(path: string, uidValidity: bigint, uid: number): MessageHead | undefined {
    const key = this.key(path, uidValidity, uid);
    const head = this.heads.get(key);
    if (head) {
      // Map keeps insertion order: re-inserting marks it as recently used.
      this.heads.delete(key);
      this.heads.set(key, head);
    }
    return head;
  }

  set(path: string, uidValidity: bigint, head: MessageHead): void {
    const key = this.key(path, uidValidity, head.uid);
    this.heads.delete(key);
    this.heads.set(key, head);
    while (this.heads.size > this.capacity) {
      const oldest = this.heads.keys().next().value;
      if (oldest === undefined) break;
      this.heads.delete(oldest);
    }
  }

  get size(): number {
    return this.heads.size;
  }
}
