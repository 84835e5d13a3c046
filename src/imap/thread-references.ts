/**
 * THREAD=REFERENCES (RFC 5256 4), the algorithm the webmail's conversation view relies on:
 * link messages by Message-ID / References / In-Reply-To, prune placeholder ("dummy") nodes,
 * gather top-level threads sharing a base subject, sort siblings by sent date.
 *
 * Every traversal is iterative: a reply chain thousands of messages deep (references come from
 * senders, who can make them as deep as they like) must not overflow the stack.
 */

export interface ThreadMessage {
  /** The number to report: a sequence number, or a UID for UID THREAD. */
  id: number;
  /** Sequence number, the tie-breaker for equal dates (RFC 5256 2.2). */
  seq: number;
  /** Sent date in ms (Date: header, else the internal date; RFC 5256 2.2). */
  date: number;
  /** Base subject (RFC 5256 2.1) and whether it carried a reply or forward marker. */
  subjectKey: string;
  reply: boolean;
  /** From threadIds(). */
  messageId: string | null;
  references: readonly string[];
}

export interface ThreadNode {
  /** null for a dummy: a thread whose root message is missing. */
  id: number | null;
  children: ThreadNode[];
}

/**
 * References kept per message (the last ones: the nearest ancestors). Linking costs one walk up
 * the tree per reference; real References headers hold a few dozen ids at most.
 */
export const MAX_REFERENCES_PER_MESSAGE = 100;

interface Container {
  message: ThreadMessage | null;
  parent: Container | null;
  children: Container[];
  /** Sort key, set in the last step: the message's, or a dummy's first child's. */
  date: number;
  seq: number;
}

function container(message: ThreadMessage | null = null): Container {
  return { message, parent: null, children: [], date: 0, seq: 0 };
}

/** `<a@b> <c@d>` → ['a@b', 'c@d'] (msg-ids compared as the sender wrote them, RFC 5256 4). */
function messageIds(text: string | null): string[] {
  if (!text) return [];
  const ids: string[] = [];
  for (const match of text.matchAll(/<([^<>\s]+)>/g)) ids.push(match[1]!);
  return ids;
}

/**
 * RFC 5256 4 step 1A: a message's own id, and its parent chain: the References ids, or else
 * the first id of In-Reply-To; at most the last MAX_REFERENCES_PER_MESSAGE.
 */
export function threadIds(
  messageId: string | null,
  inReplyTo: string | null,
  references: string | null,
): { messageId: string | null; references: string[] } {
  let refs = messageIds(references);
  if (refs.length === 0) refs = messageIds(inReplyTo).slice(0, 1);
  return { messageId: messageIds(messageId)[0] ?? null, references: refs.slice(-MAX_REFERENCES_PER_MESSAGE) };
}

/** True when making `child` a child of `parent` would close a loop. */
function wouldLoop(parent: Container, child: Container): boolean {
  if (parent === child) return true;
  // Only a container with descendants can be above `parent`: most new messages have none yet.
  if (child.children.length === 0) return false;
  for (let c: Container | null = parent; c !== null; c = c.parent) if (c === child) return true;
  return false;
}

function unlink(child: Container): void {
  const parent = child.parent;
  if (!parent) return;
  const index = parent.children.indexOf(child);
  if (index >= 0) parent.children.splice(index, 1);
  child.parent = null;
}

function link(parent: Container, child: Container): void {
  unlink(child);
  child.parent = parent;
  parent.children.push(child);
}

export function threadByReferences(messages: readonly ThreadMessage[]): ThreadNode[] {
  // (1) Link messages and the ids they reference through id_table.
  const idTable = new Map<string, Container>();
  const all: Container[] = [];
  const byId = (id: string): Container => {
    let c = idTable.get(id);
    if (!c) {
      c = container();
      idTable.set(id, c);
      all.push(c);
    }
    return c;
  };
  for (const message of messages) {
    // (1A) References, or else the first msg-id of In-Reply-To (threadIds).
    const refs = message.references;
    const ownId = message.messageId ?? undefined;
    for (let i = 0; i + 1 < refs.length; i++) {
      const parent = byId(refs[i]!);
      const child = byId(refs[i + 1]!);
      // Keep an existing parent link; never create a loop.
      if (child.parent === null && !wouldLoop(parent, child)) link(parent, child);
    }
    // (1B) The message's own container; a missing or duplicate Message-ID gets a unique one.
    let own: Container;
    const existing = ownId === undefined ? undefined : idTable.get(ownId);
    if (ownId !== undefined && (existing === undefined || existing.message === null)) {
      own = byId(ownId);
      own.message = message;
    } else {
      own = container(message);
      all.push(own);
    }
    // (1C) Its parent is the last reference. RFC 5256 4 step 1B: a parent it already had (from
    // another message's references, probably truncated) is broken off first, always; then the
    // new link is made unless it would close a loop, and the message stays a root.
    unlink(own);
    const last = refs.length > 0 ? byId(refs[refs.length - 1]!) : null;
    if (last !== null && !wouldLoop(last, own)) link(last, own);
  }

  // (2) The root set; (3) id_table is no longer needed.
  let roots = all.filter((c) => c.parent === null);

  // (4) Prune dummies, children before parents.
  for (const c of postOrder(roots)) c.children = prune(c.children, false);
  roots = prune(roots, true);
  for (const root of roots) root.parent = null;

  // (5) Sort the top level by date (a dummy by its first child's, its children sorted first).
  sortSiblings(roots);
  roots.sort(byDate);

  // (6) Gather top-level threads with the same base subject.
  roots = gatherBySubject(roots);

  // (7) Sort every set of siblings by date, the deepest first.
  sortSiblings(roots);
  roots.sort(byDate);
  return roots.map(toNode);
}

/** Containers below `roots`, each after all of its descendants. */
function postOrder(roots: readonly Container[]): Container[] {
  const out: Container[] = [];
  const stack: Array<{ c: Container; expanded: boolean }> = roots.map((c) => ({ c, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      out.push(top.c);
      continue;
    }
    stack.push({ c: top.c, expanded: true });
    for (const child of top.c.children) stack.push({ c: child, expanded: false });
  }
  return out;
}

/**
 * RFC 5256 4 step 4: a dummy without children goes; a dummy with children is replaced by them,
 * except at the top level where it stays when it has more than one.
 */
function prune(list: readonly Container[], top: boolean): Container[] {
  const out: Container[] = [];
  for (const c of list) {
    if (c.message === null) {
      if (c.children.length === 0) continue;
      if (!top || c.children.length === 1) {
        for (const child of c.children) child.parent = top ? null : c.parent;
        out.push(...c.children);
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/**
 * Sorts every set of siblings by sent date, deepest first, and gives each container its sort
 * key: its message's date, or a dummy's first child's (RFC 5256 4 steps 5 and 7).
 */
function sortSiblings(roots: readonly Container[]): void {
  for (const c of postOrder(roots)) {
    c.children.sort(byDate);
    const source = c.message ?? c.children[0] ?? null;
    if (source) {
      c.date = source.date;
      c.seq = source.seq;
    }
  }
}

function byDate(a: Container, b: Container): number {
  return a.date - b.date || a.seq - b.seq;
}

interface Subjected {
  key: string;
  reply: boolean;
}

/** RFC 5256 4 step 6 (A-C): one thread per base subject at the top level. */
function gatherBySubject(roots: Container[]): Container[] {
  const subjectOf = new Map<Container, Subjected>();
  const subject = (c: Container): Subjected => {
    let s = subjectOf.get(c);
    if (!s) {
      // (6B i) A dummy's subject is its first child's.
      const message = c.message ?? c.children[0]?.message ?? null;
      s = { key: message?.subjectKey ?? '', reply: message?.reply ?? false };
      subjectOf.set(c, s);
    }
    return s;
  };
  // (6B) One container per subject, preferring dummies, then non-replies.
  const table = new Map<string, Container>();
  for (const root of roots) {
    const { key } = subject(root);
    if (key === '') continue;
    const held = table.get(key);
    if (held === undefined) table.set(key, root);
    else if (held.message !== null && (root.message === null || (subject(held).reply && !subject(root).reply))) {
      table.set(key, root);
    }
  }
  // (6C) Merge the others into it.
  const slots: Array<Container | null> = [...roots];
  const slotOf = new Map<Container, number>(roots.map((c, i) => [c, i]));
  roots.forEach((root, i) => {
    const { key } = subject(root);
    if (key === '') return;
    const held = table.get(key)!;
    if (held === root) return;
    if (root.message === null && held.message === null) {
      for (const child of root.children) child.parent = held;
      held.children.push(...root.children);
      slots[i] = null;
    } else if (held.message === null && root.message !== null) {
      root.parent = held;
      held.children.push(root);
      slots[i] = null;
    } else if (root.message !== null && subject(root).reply && !subject(held).reply) {
      root.parent = held;
      held.children.push(root);
      slots[i] = null;
    } else {
      const dummy = container();
      dummy.children = [held, root];
      held.parent = dummy;
      root.parent = dummy;
      subjectOf.set(dummy, subject(held));
      table.set(key, dummy);
      const at = slotOf.get(held)!;
      slots[at] = dummy;
      slotOf.set(dummy, at);
      slots[i] = null;
    }
  });
  return slots.filter((c): c is Container => c !== null);
}

function toNode(root: Container): ThreadNode {
  const top: ThreadNode = { id: root.message?.id ?? null, children: [] };
  const stack: Array<{ c: Container; node: ThreadNode }> = [{ c: root, node: top }];
  while (stack.length > 0) {
    const { c, node } = stack.pop()!;
    for (const child of c.children) {
      const childNode: ThreadNode = { id: child.message?.id ?? null, children: [] };
      node.children.push(childNode);
      stack.push({ c: child, node: childNode });
    }
  }
  return top;
}

/**
 * RFC 5256 5: thread-list = "(" (thread-members / thread-nested) ")"; a chain of single replies
 * is written `1 2 3`, a fork `1 (2 3)(4)`, a dummy root `((1)(2))`.
 */
export function formatThreads(roots: readonly ThreadNode[]): string {
  let out = '';
  const stack: Array<string | ThreadNode> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(')', roots[i]!, '(');
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    const kids = item.children;
    if (item.id !== null) {
      out += String(item.id);
      if (kids.length === 1) {
        out += ' ';
        stack.push(kids[0]!);
        continue;
      }
      if (kids.length > 1) out += ' ';
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(')', kids[i]!, '(');
  }
  return out;
}
