/**
 * The account's folder hierarchy as LIST and LSUB show it (RFC 3501 6.3.8/6.3.9, RFC 5258
 * LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 3348 CHILDREN): the stored folders, plus the parents
 * their names imply when those do not exist themselves (`Projets/2024` without `Projets`, left by
 * a DELETE of `Projets`, RFC 3501 6.3.4).
 *
 * Pure functions over a list of mailboxes: no store, no session. Names are Unicode here and
 * encoded in modified UTF-7 only when written (`wireMailboxName`).
 */
import type { Mailbox } from '../store/mail-store.js';
import { DELIMITER, INBOX } from '../store/mail-store.js';
import { imapString } from './format/imap-string.js';
import { combineListReference, compileListPattern, encodeMailboxName, type ListArgs } from './protocol/index.js';

export interface ListEntry {
  name: string;
  /** The stored folder, or null for a parent that exists only through its children's names. */
  mailbox: Mailbox | null;
  /** Mailbox name attributes, in the order they are written. */
  attributes: string[];
  /** RFC 5258 3.5 CHILDINFO: the selection criteria some unlisted child satisfies. */
  childInfo: string[];
}

interface Node {
  name: string;
  mailbox: Mailbox | null;
  hasChildren: boolean;
}

/** A mailbox name as responses carry it: modified UTF-7 (RFC 3501 5.1.3), quoted. */
export function wireMailboxName(name: string): string {
  return imapString(encodeMailboxName(name)).toString('latin1');
}

/** `a/b/c` → `a`, `a/b`. */
export function parentNames(name: string): string[] {
  const parts = name.split(DELIMITER);
  const parents: string[] = [];
  for (let i = 1; i < parts.length; i++) parents.push(parts.slice(0, i).join(DELIMITER));
  return parents;
}

/** INBOX first, then by name; a parent's name is a prefix of its children's, so it comes first. */
function compareNames(a: string, b: string): number {
  if (a === INBOX) return b === INBOX ? 0 : -1;
  if (b === INBOX) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every stored folder and every implied parent, sorted, with its children flag; plus `names`
 * that are no folder (subscriptions whose folder was deleted), which have no children of their
 * own to show: \HasChildren speaks of folders that exist (RFC 5258 4).
 */
function hierarchy(mailboxes: readonly Mailbox[], names: Iterable<string> = []): Node[] {
  const nodes = new Map<string, Node>();
  for (const mailbox of mailboxes) nodes.set(mailbox.name, { name: mailbox.name, mailbox, hasChildren: false });
  for (const mailbox of mailboxes) {
    for (const parent of parentNames(mailbox.name)) {
      const node = nodes.get(parent);
      if (node) node.hasChildren = true;
      else nodes.set(parent, { name: parent, mailbox: null, hasChildren: true });
    }
  }
  for (const name of names) {
    for (const level of [...parentNames(name), name]) {
      if (!nodes.has(level)) nodes.set(level, { name: level, mailbox: null, hasChildren: false });
    }
  }
  return [...nodes.values()].sort((a, b) => compareNames(a.name, b.name));
}

/**
 * What LIST answers for `args` (RFC 3501 6.3.8 with RFC 5258's selection and return options).
 *
 * - Without selection options every matching name is listed; implied parents too, as RFC 3501
 *   asks for the levels a `%` crosses, marked `\Noselect` (base LIST) or `\NonExistent`
 *   (extended LIST, RFC 5258 3: it implies \Noselect).
 * - SUBSCRIBED / SPECIAL-USE selection list only the folders that satisfy them; RECURSIVEMATCH
 *   adds the matching parents of folders that satisfy them without matching the pattern, with
 *   CHILDINFO (RFC 5258 3.5).
 * - \HasChildren / \HasNoChildren (RFC 3348, RFC 5258 4) and the special-use attributes
 *   (RFC 6154 2) are always sent: clients that did not ask ignore them, and imapflow relies on
 *   them whatever it asked.
 */
export function listEntries(mailboxes: readonly Mailbox[], subscriptions: ReadonlySet<string>, args: ListArgs): ListEntry[] {
  const { selection, returnOptions } = args;
  const matchers = args.patterns.map((pattern) => compileListPattern(combineListReference(args.reference, pattern), DELIMITER));
  const filtering = selection.subscribed || selection.specialUse;
  // RFC 5258 3.1: SUBSCRIBED selection implies the SUBSCRIBED return option.
  const showSubscribed = selection.subscribed || returnOptions.subscribed;
  // RFC 5258 3: with SUBSCRIBED selection a subscribed name is listed even when no folder has
  // it (deleted since), as \NonExistent; otherwise only folders satisfy a selection.
  const satisfies = (node: Node) =>
    (selection.subscribed ? subscriptions.has(node.name) : node.mailbox !== null) &&
    (!selection.specialUse || (node.mailbox?.specialUse ?? null) !== null);

  const nodes = hierarchy(mailboxes, selection.subscribed ? subscriptions : []);
  const matched = new Set<string>();
  for (const node of nodes) if (matchers.some((match) => match(node.name))) matched.add(node.name);

  // RFC 5258 3.5: parents of folders that satisfy the selection but fall outside the pattern.
  const withChildInfo = new Set<string>();
  if (selection.recursiveMatch) {
    for (const node of nodes) {
      if (!satisfies(node) || matched.has(node.name)) continue;
      for (const parent of parentNames(node.name)) withChildInfo.add(parent);
    }
  }
  const childInfo = [...(selection.subscribed ? ['SUBSCRIBED'] : []), ...(selection.specialUse ? ['SPECIAL-USE'] : [])];

  const entries: ListEntry[] = [];
  for (const node of nodes) {
    if (!matched.has(node.name)) continue;
    const recursive = withChildInfo.has(node.name);
    if (filtering && !satisfies(node) && !recursive) continue;
    const attributes: string[] = [];
    if (node.mailbox === null) attributes.push(args.extended ? '\\NonExistent' : '\\Noselect');
    attributes.push(node.hasChildren ? '\\HasChildren' : '\\HasNoChildren');
    if (node.mailbox?.specialUse) attributes.push(node.mailbox.specialUse);
    if (showSubscribed && subscriptions.has(node.name)) attributes.push('\\Subscribed');
    entries.push({ name: node.name, mailbox: node.mailbox, attributes, childInfo: recursive ? childInfo : [] });
  }
  return entries;
}

/**
 * What LSUB answers (RFC 3501 6.3.9): the subscribed names matching the pattern (a name whose
 * folder is gone is \Noselect) and, when the pattern ends with `%`, the unsubscribed parents
 * of subscribed names it reaches, as \Noselect.
 */
export function lsubEntries(
  mailboxes: readonly Mailbox[],
  subscriptions: ReadonlySet<string>,
  reference: string,
  pattern: string,
): ListEntry[] {
  const full = combineListReference(reference, pattern);
  const match = compileListPattern(full, DELIMITER);
  const byName = new Map(mailboxes.map((mailbox) => [mailbox.name, mailbox]));
  const entry = (name: string, noselect: boolean): ListEntry => ({
    name,
    mailbox: byName.get(name) ?? null,
    attributes: noselect ? ['\\Noselect'] : [],
    childInfo: [],
  });
  const entries: ListEntry[] = [];
  for (const name of subscriptions) if (match(name)) entries.push(entry(name, !byName.has(name)));
  if (full.endsWith('%')) {
    const implied = new Set<string>();
    for (const name of subscriptions) {
      for (const parent of parentNames(name)) {
        if (!subscriptions.has(parent) && !implied.has(parent) && match(parent)) implied.add(parent);
      }
    }
    for (const name of implied) entries.push(entry(name, true));
  }
  return entries.sort((a, b) => compareNames(a.name, b.name));
}

/** `LIST (attributes) "/" name [("CHILDINFO" (...))]` without the leading `* `. */
export function formatListEntry(command: 'LIST' | 'LSUB', entry: ListEntry): string {
  const extended = entry.childInfo.length > 0 ? ` ("CHILDINFO" (${entry.childInfo.map((c) => `"${c}"`).join(' ')}))` : '';
  return `${command} (${entry.attributes.join(' ')}) "${DELIMITER}" ${wireMailboxName(entry.name)}${extended}`;
}
