/**
 * `In-Reply-To` and `References` of a reply (RFC 5322 3.6.4): In-Reply-To is the parent's
 * Message-ID; References is the parent's References (or, lacking it, its In-Reply-To) followed
 * by the parent's Message-ID. Only well-formed message ids are kept, so a hostile parent cannot
 * put anything else in our header.
 */

/** Ids kept in References: the first (the thread's root) and the most recent ones (RFC 5322 3.6.4 allows trimming). */
export const MAX_REFERENCES = 20;
/** A msg-id longer than this is not one (RFC 5322 lines are at most 998 octets). */
const MAX_MSG_ID_CHARS = 250;

// RFC 5322 3.6.4 msg-id: "<" id-left "@" id-right ">", printable ASCII without spaces or brackets inside.
const MSG_ID = /<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>/g;

/** The well-formed message ids in a header value, in order, without duplicates. */
export function messageIds(value: string | null | undefined): string[] {
  if (!value) return [];
  const ids: string[] = [];
  for (const match of value.matchAll(MSG_ID)) {
    const id = match[0];
    if (id.length <= MAX_MSG_ID_CHARS && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export interface ThreadHeaders {
  inReplyTo: string | null;
  references: string[];
}

export function replyThreadHeaders(parent: { messageId: string | null; references: string | null; inReplyTo: string | null }): ThreadHeaders {
  const id = messageIds(parent.messageId)[0] ?? null;
  const ancestors = messageIds(parent.references);
  const chain = ancestors.length > 0 ? ancestors : messageIds(parent.inReplyTo).slice(0, 1);
  const references = [...chain.filter((ref) => ref !== id), ...(id ? [id] : [])];
  const trimmed = references.length > MAX_REFERENCES ? [references[0]!, ...references.slice(-(MAX_REFERENCES - 1))] : references;
  return { inReplyTo: id, references: trimmed };
}
