/**
 * A message named in a form value when the form spans folders (search results): `uid:path`.
 * The UID comes first: it never holds a colon, and a folder's name may.
 */
import { isUid } from '../mail-client/uid.js';

export interface MessageRef {
  path: string;
  uid: number;
}

export function messageRef(path: string, uid: number): string {
  return `${uid}:${path}`;
}

/** Null for anything that is not a `uid:path` this page could have written. */
export function parseMessageRef(value: string): MessageRef | null {
  const colon = value.indexOf(':');
  if (colon <= 0) return null;
  const digits = value.slice(0, colon);
  const uid = Number(digits);
  if (!isUid(uid) || String(uid) !== digits) return null;
  return { path: value.slice(colon + 1), uid };
}
