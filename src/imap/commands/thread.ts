/**
 * THREAD and UID THREAD (RFC 5256 4, 5) with the REFERENCES algorithm, over the messages a
 * search selects. The webmail's conversation view is built on it.
 */
import { ImapParseError, parseSearchKeys, quoteInput, tokenToAstring } from '../protocol/index.js';
import { contentCacheFor } from '../content-cache.js';
import { folderFacts } from '../message-facts.js';
import { selectedOf } from '../message-set.js';
import { evaluateSearch } from '../search-eval.js';
import { formatThreads, threadByReferences, type ThreadMessage } from '../thread-references.js';
import { checkCharset } from './sort.js';
import { SELECTED, type ImapCommand } from './types.js';

export const thread: ImapCommand = {
  name: 'THREAD',
  states: SELECTED,
  // Sequence numbers in the answer: no EXPUNGE meanwhile, as for SEARCH (RFC 3501 7.4.1).
  holdsExpunges: (cmd) => !cmd.uid,
  run(session, cmd) {
    // RFC 5256 5: thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria
    const [algorithm, charset, ...keys] = cmd.args;
    const name = tokenToAstring(algorithm, 'threading algorithm').toUpperCase();
    if (name !== 'REFERENCES') throw new ImapParseError(`Unknown threading algorithm ${quoteInput(name)}`);
    checkCharset(charset);
    const key = parseSearchKeys(keys);
    const selected = selectedOf(session);
    session.flushUpdates(cmd.uid);
    const { store } = session.services;
    const { seqs, uids } = evaluateSearch(store, selected, key);
    const facts = folderFacts(store, selected);
    const rows = uids.map((uid) => facts.get(uid)!);
    const digests = contentCacheFor(store).digests(store, rows.map((f) => f.contentId));
    const messages: ThreadMessage[] = [];
    rows.forEach((fact, i) => {
      const digest = digests.get(fact.contentId);
      messages.push({
        id: cmd.uid ? fact.uid : seqs[i]!,
        seq: seqs[i]!,
        // RFC 5256 2.2: the Date: header, or the internal date when it is missing or unusable.
        date: digest?.headerDate ?? fact.internalDate,
        subjectKey: digest?.subjectKey ?? '',
        reply: digest?.reply ?? false,
        messageId: digest?.messageId ?? null,
        references: digest?.references ?? [],
      });
    });
    const threads = formatThreads(threadByReferences(messages));
    session.untagged(`THREAD${threads === '' ? '' : ` ${threads}`}`);
  },
};
