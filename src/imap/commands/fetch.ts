/**
 * FETCH and UID FETCH (RFC 3501 6.4.5, 6.4.8), with CONDSTORE's MODSEQ item and CHANGEDSINCE
 * modifier (RFC 7162 3.1.4).
 *
 * Where each answer comes from:
 * - UID, FLAGS, MODSEQ: the session's own view (SelectedMailbox), brought up to date first by
 *   flushing queued updates (expunges held back for FETCH, RFC 3501 7.4.1);
 * - RFC822.SIZE, INTERNALDATE: the selection's immutable message facts (message-facts.ts);
 * - ENVELOPE, BODYSTRUCTURE, BODY: the content cache, formatted from the stored MIME tree on a
 *   miss (content-cache.ts);
 * - body sections: the raw message, read once per message, sliced at the tree's offsets.
 * Responses are built into large Buffers and written with backpressure (session.drain()).
 */
import { unlessDiskFull } from '../../disk/disk-full.js';
import { FLAG_SEEN } from '../../store/flags.js';
import type { MailStore } from '../../store/mail-store.js';
import { personalize } from '../../store/personal.js';
import type { MimePart } from '../../mime/mime-tree.js';
import { contentCacheFor } from '../content-cache.js';
import { formatInternalDate, planFetch, writeFetch } from '../fetch-response.js';
import { folderFacts, type FolderFact } from '../message-facts.js';
import { resolveMessages, selectedOf } from '../message-set.js';
import { parseFetchArgs } from '../protocol/index.js';
import { ResponseBuffer } from '../response-buffer.js';
import type { SelectedMailbox } from '../selected-mailbox.js';
import type { ImapSession } from '../session.js';
import { SELECTED, type ImapCommand } from './types.js';

/**
 * Messages handled per step: the contents of one step are formatted (or their trees parsed)
 * together. Large enough that FETCH 1:* of 10,000 messages is ten steps; small enough that
 * one step's trees stay a few megabytes.
 */
export const FETCH_BATCH_MESSAGES = 1000;

/** Responses are handed to the socket once this much is buffered (then we wait for drain). */
export const FETCH_FLUSH_BYTES = 256 * 1024;

export const fetch: ImapCommand = {
  name: 'FETCH',
  states: SELECTED,
  // RFC 3501 7.4.1: no EXPUNGE while answering FETCH (UID FETCH excepted).
  holdsExpunges: (cmd) => !cmd.uid,
  async run(session, cmd) {
    const args = parseFetchArgs(cmd.args);
    const selected = selectedOf(session);
    const plan = planFetch(args.items, { uid: cmd.uid, changedSince: args.changedSince !== null });
    if (args.changedSince !== null || plan.hasModseq) session.enableCondstore();
    // The flags we answer with are the session's: first apply what other sessions changed.
    session.flushUpdates(cmd.uid);
    const seqs = resolveMessages(selected, args.sequenceSet, cmd.uid);
    const store = session.services.store;
    const cache = contentCacheFor(store);
    const facts = folderFacts(store, selected);
    const out = new ResponseBuffer();
    const flagTexts = new FlagTexts(selected);
    let vanished = false;

    for (let i = 0; i < seqs.length && !session.isClosed; i += FETCH_BATCH_MESSAGES) {
      const entries: Entry[] = [];
      for (const seq of seqs.slice(i, i + FETCH_BATCH_MESSAGES)) {
        const uid = selected.uids[seq - 1]!;
        const state = selected.states.get(uid);
        const fact = facts.get(uid);
        if (!state || !fact) {
          vanished = true;
          continue;
        }
        // RFC 7162 3.1.4.1: CHANGEDSINCE keeps the messages changed after that mod-sequence.
        if (args.changedSince !== null && state.modseq <= args.changedSince) continue;
        entries.push({ seq, uid, fact });
      }
      const seen = plan.setsSeen && !selected.readOnly ? markSeen(store, selected, entries) : null;
      const formats = plan.formats.length > 0 ? cache.formats(store, entries.map((e) => e.fact.contentId), plan.formats) : null;
      const trees = plan.needsTree ? loadTrees(store, entries) : null;
      for (const { seq, uid, fact } of entries) {
        if (session.isClosed) break;
        const entry = formats?.get(fact.contentId) ?? null;
        if (entry && plan.formats.some((kind) => entry[kind] === undefined)) {
          vanished = true; // its content is gone: expunged by another session meanwhile
          continue;
        }
        let raw: Buffer | null = null;
        if (plan.needsRaw) {
          raw = readRaw(store, fact.contentId);
          if (raw === null) {
            vanished = true; // expunged by another session meanwhile
            continue;
          }
          raw = personalize(raw, fact.personal);
        }
        const state = selected.states.get(uid)!;
        writeFetch(out, plan, {
          seq,
          uid,
          modseq: state.modseq,
          size: fact.size,
          internalDate: (fact.internalDateText ??= formatInternalDate(fact.internalDate, fact.internalZone)),
          flags: flagTexts.get(uid, state.flags, state.keywords),
          formats: entry,
          tree: trees?.get(fact.contentId) ?? null,
          raw,
          seenAdded: seen?.has(uid) ?? false,
          condstore: session.condstore,
        });
        if (out.size >= FETCH_FLUSH_BYTES) await send(session, out);
      }
      await send(session, out);
    }
    // RFC 5530: some messages were expunged by another session; the others were sent.
    if (vanished) return { code: 'EXPUNGEISSUED', text: 'Certains messages ont été supprimés entre-temps' };
  },
};

interface Entry {
  seq: number;
  uid: number;
  fact: FolderFact;
}

/** FLAGS texts of one command, by flag combination: most messages share a handful. */
class FlagTexts {
  private readonly texts = new Map<string, string>();

  constructor(private readonly selected: SelectedMailbox) {}

  get(uid: number, flags: number, keywords: string): string {
    const recent = this.selected.recent.has(uid);
    const key = `${flags}${recent ? 'r' : ''} ${keywords}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      text = this.selected.flagList(uid, flags, keywords);
      this.texts.set(key, text);
    }
    return text;
  }
}

/**
 * RFC 3501 6.4.5: a BODY[…] fetch (not PEEK) sets \Seen. Done before the responses are built so
 * they show the new FLAGS; noted in the session, so the store's echo is not announced again.
 * With no room on the disk to record it, the message is served still unseen rather than not at
 * all: reading is how users find what to delete.
 */
function markSeen(store: MailStore, selected: SelectedMailbox, entries: readonly Entry[]): Set<number> {
  const added = new Set<number>();
  const unseen = entries.filter((e) => ((selected.states.get(e.uid)?.flags ?? FLAG_SEEN) & FLAG_SEEN) === 0);
  if (unseen.length === 0) return added;
  const { updated } = unlessDiskFull(() => store.storeFlags(selected.mailbox.id, unseen.map((e) => e.uid), 'add', FLAG_SEEN, []), { updated: [], modified: [] });
  for (const state of updated) {
    selected.noteFlags(state.uid, { flags: state.flags, keywords: state.keywords, modseq: state.modseq });
    added.add(state.uid);
  }
  return added;
}

/** MIME trees of a step's contents, for body sections (offsets into the raw message). */
function loadTrees(store: MailStore, entries: readonly Entry[]): Map<number, MimePart> {
  const trees = new Map<number, MimePart>();
  const ids = [...new Set(entries.map((e) => e.fact.contentId))];
  for (const [id, json] of store.queries.mimeByContentIds(ids)) trees.set(id, JSON.parse(json) as MimePart);
  return trees;
}

function readRaw(store: MailStore, contentId: number): Buffer | null {
  try {
    return store.raw(contentId);
  } catch (err) {
    if (err instanceof Error && err.name === 'MailboxOperationError') return null;
    throw err;
  }
}

async function send(session: ImapSession, out: ResponseBuffer): Promise<void> {
  if (out.size === 0) return;
  session.write(out.take());
  await session.drain();
}
