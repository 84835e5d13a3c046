/**
 * The `X-Webmel-Draft-Info` field of a saved draft (our counterpart of Thunderbird's
 * X-Mozilla-Draft-Info): what kind of message it is, the message it answers (to flag it once
 * sent), the editing mode, and, when the address fields could not be written as headers yet
 * (an unfinished address), the fields as typed. Only the owner's own drafts carry it; it never
 * leaves, since sending builds the message anew from the composition.
 *
 * Syntax: `v=1; kind=reply; format=html; origin=<b64>; fields=<b64 b64 …>`, base64url JSON in
 * space-separated chunks so the header folds (RFC 5322 2.2.3) instead of exceeding 998 octets.
 */
import type { ComposeKind, OriginRef } from './compose-store.js';

const KINDS: ReadonlySet<string> = new Set(['new', 'reply', 'reply-all', 'forward', 'forward-attached']);
/** Characters per chunk of an encoded value. */
const CHUNK = 60;
/** Longest header value read back (32 KiB fields, three of them, base64). */
const MAX_INFO_CHARS = 200_000;

export interface DraftInfo {
  kind: ComposeKind;
  format: 'text' | 'html';
  origin: OriginRef | null;
  /** The address fields as typed, when they could not all be written as headers. */
  fields: { to: string; cc: string; bcc: string } | null;
}

function encode(value: unknown): string {
  const text = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return text.match(new RegExp(`.{1,${CHUNK}}`, 'g'))?.join(' ') ?? '';
}

function decode(value: string): unknown {
  try {
    return JSON.parse(Buffer.from(value.replace(/\s+/g, ''), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

export function formatDraftInfo(info: DraftInfo): string {
  const parts = ['v=1', `kind=${info.kind}`, `format=${info.format}`];
  if (info.origin) parts.push(`origin=${encode({ p: info.origin.path, v: info.origin.uidValidity, u: info.origin.uid })}`);
  if (info.fields) parts.push(`fields=${encode(info.fields)}`);
  return parts.join('; ');
}

function originOf(kind: ComposeKind, value: unknown): OriginRef | null {
  const o = value as { p?: unknown; v?: unknown; u?: unknown } | null;
  if (!o || typeof o.p !== 'string' || typeof o.v !== 'string' || typeof o.u !== 'number') return null;
  if (!Number.isSafeInteger(o.u) || o.u <= 0 || o.p.length > 1000 || !/^\d{1,20}$/.test(o.v)) return null;
  const flag = kind === 'reply' || kind === 'reply-all' ? '\\Answered' : kind === 'forward' || kind === 'forward-attached' ? '$Forwarded' : null;
  return flag ? { path: o.p, uidValidity: o.v, uid: o.u, flag } : null;
}

function fieldsOf(value: unknown): DraftInfo['fields'] {
  const f = value as Record<string, unknown> | null;
  if (!f) return null;
  const text = (name: string) => (typeof f[name] === 'string' ? (f[name] as string).slice(0, 32 * 1024) : '');
  return { to: text('to'), cc: text('cc'), bcc: text('bcc') };
}

/** Reads the field back; anything unreadable is ignored (the draft opens as a new message). */
export function parseDraftInfo(value: string | null | undefined): DraftInfo {
  const info: DraftInfo = { kind: 'new', format: 'text', origin: null, fields: null };
  if (!value || value.length > MAX_INFO_CHARS) return info;
  const pairs = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const kind = pairs.get('kind') ?? 'new';
  if (KINDS.has(kind)) info.kind = kind as ComposeKind;
  if (pairs.get('format') === 'html') info.format = 'html';
  const origin = pairs.get('origin');
  if (origin) info.origin = originOf(info.kind, decode(origin));
  const fields = pairs.get('fields');
  if (fields) info.fields = fieldsOf(decode(fields));
  return info;
}
