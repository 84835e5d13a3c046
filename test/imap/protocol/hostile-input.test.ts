// Hostile input: a seed corpus of valid commands, mutated with a seeded PRNG and replayed through
// the whole protocol pipeline (reader, parser, argument parser, sequence-set expansion). Every
// command must come out as a value or a typed protocol error, never anything else; the reader must
// never throw and must come back to reading commands. Work is bounded by construction (small
// limits below); the test asserts on results, never on time.

import { describe, expect, it } from 'vitest';
import { LineReader } from '../../../src/imap/protocol/line-reader.js';
import type { RawCommand } from '../../../src/imap/protocol/line-reader.js';
import { parseCommand } from '../../../src/imap/protocol/parser.js';
import type { Token } from '../../../src/imap/protocol/tokenizer.js';
import { ArgCursor } from '../../../src/imap/protocol/arg-cursor.js';
import { ImapParseError, ProtocolRefusal } from '../../../src/imap/protocol/errors.js';
import { parseFetchArgs } from '../../../src/imap/protocol/fetch-items.js';
import { parseSearchArgs } from '../../../src/imap/protocol/search-keys.js';
import type { SearchKey } from '../../../src/imap/protocol/search-keys.js';
import { parseStoreArgs } from '../../../src/imap/protocol/store-args.js';
import { parseListArgs, parseLsubArgs, compileListPattern } from '../../../src/imap/protocol/list-args.js';
import { parseStatusArgs } from '../../../src/imap/protocol/status-items.js';
import { parseAppendArgs } from '../../../src/imap/protocol/append-args.js';
import { parseMailboxName } from '../../../src/imap/protocol/mailbox-name.js';
import { parseSelectArgs } from '../../../src/imap/protocol/select-args.js';
import { parseCopyArgs } from '../../../src/imap/protocol/copy-args.js';
import { resolveSequenceSet } from '../../../src/imap/protocol/sequence-set.js';
import type { SequenceSet } from '../../../src/imap/protocol/sequence-set.js';
import { prng } from '../../helpers/imap-protocol.js';

const ITERATIONS = 5000;

/** A small mailbox to expand sequence sets against: work is bounded by its 20 messages. */
const MAILBOX_UIDS = Array.from({ length: 20 }, (_, i) => (i + 1) * 7);
const MAILBOX_NAMES = ['INBOX', 'Archive', 'Archive/2023', 'Envoyés', 'Sent Items'];

const SEEDS: string[] = [
  'a001 CAPABILITY\r\n',
  'a002 NOOP\r\n',
  'a003 LOGIN SMITH SESAME\r\n',
  'A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n',
  'a004 LOGIN "user@example.org" "p\\"a\\\\ss"\r\n',
  'A142 SELECT INBOX\r\n',
  'A143 SELECT "Envoy&AOk-s" (CONDSTORE)\r\n',
  'A932 EXAMINE blurdybloop\r\n',
  'A003 CREATE owatagusiam/\r\n',
  'A683 DELETE blurdybloop\r\n',
  'A684 RENAME blurdybloop sarasoop\r\n',
  'A002 SUBSCRIBE #news.comp.mail.mime\r\n',
  'A003 UNSUBSCRIBE "Envoy&AOk-s"\r\n',
  'A101 LIST "" ""\r\n',
  'A202 LIST ~/Mail/ %\r\n',
  'A203 LIST "" "*" RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ) SPECIAL-USE CHILDREN SUBSCRIBED)\r\n',
  'A204 LIST (SUBSCRIBED RECURSIVEMATCH) "" (INBOX "Archive/*" %)\r\n',
  'A002 LSUB "#news." "comp.mail.*"\r\n',
  'A042 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n',
  'A043 STATUS "&AOk-t&AOk-" (MESSAGES UNSEEN HIGHESTMODSEQ SIZE)\r\n',
  'A003 APPEND saved-messages (\\Seen) {23}\r\nSubject: hi\r\n\r\nHello\r\n\r\n',
  'A004 APPEND INBOX (\\Seen \\Flagged) "17-Jul-1996 02:44:25 -0700" {5+}\r\nHello\r\n',
  'A005 APPEND INBOX ~{3}\r\n\u0000ab\r\n',
  'A006 APPEND INBOX (\\Seen) {1+}\r\nx "01-Jan-2020 00:00:00 +0000" {1+}\r\ny\r\n',
  'A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"\r\n',
  'A283 SEARCH TEXT "string not in mailbox"\r\n',
  'A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX\r\n',
  'A285 UID SEARCH RETURN (MIN MAX COUNT SAVE) CHARSET UTF-8 OR (FROM a TO b) NOT (SEEN) UID 1:*\r\n',
  'A286 SEARCH OR OR OR FROM a FROM b FROM c FROM d\r\n',
  'A287 SEARCH MODSEQ "/flags/\\\\draft" all 620162338\r\n',
  'A288 SEARCH 1:5,7 LARGER 1024 SMALLER 99999 KEYWORD $Forwarded UNKEYWORD Junk $\r\n',
  'A289 SEARCH HEADER Message-ID "<x@y>" BEFORE 1-Feb-1994 SENTON "01-Feb-1994" NEW OLD RECENT\r\n',
  'A290 SEARCH CHARSET ISO-8859-1 SUBJECT x\r\n',
  'A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n',
  'A655 FETCH 1:* ALL\r\n',
  'A656 UID FETCH 1:* (UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE RFC822.SIZE) (CHANGEDSINCE 12345)\r\n',
  'A657 FETCH 3 (BODY.PEEK[HEADER.FIELDS.NOT (Received "X-Spam")]<0.1024> BODY[1.2.MIME] BINARY[1]<0.100> BINARY.SIZE[2])\r\n',
  'A658 FETCH $ (RFC822 RFC822.HEADER RFC822.TEXT MODSEQ BODY)\r\n',
  'A659 FETCH 1 BODY[HEADER.FIELDS ({4+}\r\nFrom)]\r\n',
  'A660 UID FETCH 1:* (UID BODY.PEEK[]<100>)\r\n',
  'A999 UID FETCH 4827313:4828442 FLAGS\r\n',
  'A003 STORE 2:4 +FLAGS (\\Deleted)\r\n',
  'A004 STORE 1:* -FLAGS.SILENT (\\Seen $Label1)\r\n',
  'A005 UID STORE 7,5,9 (UNCHANGEDSINCE 320162338) FLAGS.SILENT ()\r\n',
  'A006 STORE 1 +FLAGS \\Seen \\Flagged\r\n',
  'A003 COPY 2:4 MEETING\r\n',
  'A004 UID MOVE 1:* "Envoy&AOk-s"\r\n',
  'A005 UID EXPUNGE 3:5\r\n',
  'A006 EXPUNGE\r\n',
  'A007 CLOSE\r\n',
  'A008 IDLE\r\n',
  'A009 ENABLE CONDSTORE\r\n',
  'A010 ID ("name" "imapflow" "version" NIL)\r\n',
  'A023 LOGOUT\r\n',
];

type ArgParser = (args: Token[]) => unknown;

function mailboxArgs(count: number): ArgParser {
  return args => {
    const c = new ArgCursor(args);
    const names: string[] = [];
    for (let i = 0; i < count; i++) names.push(parseMailboxName(c.next('mailbox name')));
    c.end();
    return names;
  };
}

function expand(set: SequenceSet, uid: boolean): number[] {
  const seqs = resolveSequenceSet(set, MAILBOX_UIDS, { uid, savedUids: [7, 14, 999] });
  // Bounded by the mailbox, whatever the numbers in the set.
  expect(seqs.length).toBeLessThanOrEqual(MAILBOX_UIDS.length);
  return seqs;
}

function expandKey(key: SearchKey, uid: boolean): void {
  const stack: SearchKey[] = [key];
  while (stack.length > 0) {
    const k = stack.pop();
    if (k === undefined) break;
    if (k.type === 'sequence') expand(k.set, false);
    else if (k.type === 'uid') expand(k.set, true);
    else if (k.type === 'not') stack.push(k.key);
    else if (k.type === 'or') stack.push(k.left, k.right);
    else if (k.type === 'and') stack.push(...k.keys);
  }
  void uid;
}

/** What the dispatcher will do for each command: parse its arguments, expand its sets. */
const ARG_PARSERS: Record<string, (args: Token[], uid: boolean) => unknown> = {
  FETCH: (args, uid) => {
    const f = parseFetchArgs(args);
    return expand(f.sequenceSet, uid);
  },
  STORE: (args, uid) => expand(parseStoreArgs(args).sequenceSet, uid),
  SEARCH: (args, uid) => expandKey(parseSearchArgs(args).key, uid),
  LIST: args => {
    const l = parseListArgs(args);
    return l.patterns.map(p => MAILBOX_NAMES.filter(compileListPattern(l.reference + p, '/')));
  },
  LSUB: args => parseLsubArgs(args),
  STATUS: args => parseStatusArgs(args),
  APPEND: args => parseAppendArgs(args),
  SELECT: args => parseSelectArgs(args),
  EXAMINE: args => parseSelectArgs(args),
  CREATE: mailboxArgs(1),
  DELETE: mailboxArgs(1),
  SUBSCRIBE: mailboxArgs(1),
  UNSUBSCRIBE: mailboxArgs(1),
  RENAME: mailboxArgs(2),
  COPY: (args, uid) => expand(parseCopyArgs(args).sequenceSet, uid),
  MOVE: (args, uid) => expand(parseCopyArgs(args).sequenceSet, uid),
  LOGIN: args => {
    const c = new ArgCursor(args);
    c.astring('user name');
    c.astring('password');
    c.end();
  },
};

type Outcome = 'ok' | 'bad' | 'no';

/** Parse a command as the dispatcher would; anything but a typed protocol error fails the test. */
function dispatch(raw: RawCommand): Outcome {
  try {
    const cmd = parseCommand(raw);
    const parser = ARG_PARSERS[cmd.command];
    if (parser) parser(cmd.args, cmd.uid);
    return 'ok';
  } catch (err) {
    if (err instanceof ImapParseError) return 'bad';
    if (err instanceof ProtocolRefusal) return 'no';
    throw err;
  }
}

const INTERESTING = Buffer.from('(){}[]<>"\\ *%$:,.+-~0123456789\r\nNIL&AZaz\u0000', 'latin1');
const INSERTS = ['{5}\r\n', '{3+}\r\n', '~{2}\r\n', '{0}\r\n', '{99999999999}\r\n', '(((', ')))', '"', '\\', ' NOT', ' OR', '*:*', '4294967296', '0', '&', '&AOk', 'BODY[', ']<0.', '\r\n'];

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty');
  return item;
}

function mutate(random: () => number, seed: Buffer): Buffer {
  let out = seed;
  const rounds = 1 + Math.floor(random() * 4);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(random() * (out.length + 1));
    switch (Math.floor(random() * 8)) {
      case 0: {
        // flip a byte to a random value
        const copy = Buffer.from(out);
        if (copy.length > 0) copy[Math.min(at, copy.length - 1)] = Math.floor(random() * 256);
        out = copy;
        break;
      }
      case 1: // insert an interesting byte
        out = Buffer.concat([out.subarray(0, at), Buffer.from([pick(random, [...INTERESTING])]), out.subarray(at)]);
        break;
      case 2: // delete a run
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + Math.floor(random() * 8))]);
        break;
      case 3: // duplicate a slice
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + Math.floor(random() * 40)), out.subarray(at)]);
        break;
      case 4: // truncate
        out = out.subarray(0, at);
        break;
      case 5: // splice another seed
        out = Buffer.concat([out.subarray(0, at), Buffer.from(pick(random, SEEDS)).subarray(Math.floor(random() * 20))]);
        break;
      case 6: // insert a syntax fragment
        out = Buffer.concat([out.subarray(0, at), Buffer.from(pick(random, INSERTS), 'latin1'), out.subarray(at)]);
        break;
      default: {
        // repeat a short chunk many times (deep nesting, long chains)
        const chunk = out.subarray(at, at + 1 + Math.floor(random() * 5));
        out = Buffer.concat([out.subarray(0, at), ...Array<Buffer>(Math.floor(random() * 400)).fill(chunk), out.subarray(at)]);
        break;
      }
    }
  }
  return out;
}

describe('hostile input', () => {
  it('parses every seed command, or refuses it on purpose', () => {
    const outcomes: Outcome[] = [];
    const reader = new LineReader({
      onCommand: raw => outcomes.push(dispatch(raw)),
      onContinue: () => undefined,
      onReject: () => outcomes.push('bad'),
    });
    for (const seed of SEEDS) reader.push(Buffer.from(seed, 'utf8'));
    // The only seed answered with something else than OK is the unsupported charset (NO).
    expect(outcomes.filter(o => o !== 'ok')).toEqual(['no']);
    expect(outcomes).toHaveLength(SEEDS.length);
  });

  it(`gives a command or a typed error for ${ITERATIONS} mutated commands, and the reader stays usable`, () => {
    const random = prng(0x1e2d3c4b);
    const counts: Record<Outcome | 'rejected', number> = { ok: 0, bad: 0, no: 0, rejected: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const input = mutate(random, Buffer.from(pick(random, SEEDS), 'utf8'));
      let probeSeen = false;
      let probing = false;
      const reader: LineReader = new LineReader(
        {
          onCommand: raw => {
            if (raw.literals.length === 0 && raw.segments[0]?.toString('latin1') === 'zz NOOP') probeSeen = true;
            const outcome = dispatch(raw);
            if (!probing) counts[outcome]++;
          },
          onRawLine: () => undefined,
          onContinue: () => undefined,
          onReject: rejection => {
            if (!probing) counts.rejected++;
            expect(['line-too-long', 'literal-too-big', 'command-too-big', 'literal-refused', 'too-much-to-discard']).toContain(
              rejection.reason,
            );
          },
        },
        // Small limits keep every iteration's work small, and exercise the limits.
        { maxLineBytes: 4096, maxLiteralBytes: 1024, maxCommandBytes: 4096, maxDiscardBytes: 8192 },
      );
      // Deliver in random-sized chunks, sometimes byte by byte.
      let at = 0;
      while (at < input.length) {
        const size = random() < 0.2 ? 1 : 1 + Math.floor(random() * 64);
        reader.push(input.subarray(at, at + size));
        at += size;
      }
      // The connection recovers: after ending any pending line and literal, a NOOP gets through,
      // unless the reader closed on purpose or is still skipping a refused literal's bytes.
      probing = true;
      const probe = Buffer.concat([Buffer.alloc(1100, 0x20), Buffer.from('\r\nzz NOOP\r\n')]);
      for (let guard = 0; !probeSeen && !reader.isClosed && guard < 10; guard++) reader.push(probe);
      expect(probeSeen || reader.isClosed).toBe(true);
    }
    expect(counts.ok + counts.bad + counts.no + counts.rejected).toBeGreaterThan(ITERATIONS);
    // The mutations reach both sides: plenty of valid commands and plenty of refusals.
    expect(counts.ok).toBeGreaterThan(ITERATIONS / 10);
    expect(counts.bad).toBeGreaterThan(ITERATIONS / 4);
    expect(counts.rejected).toBeGreaterThan(0);
  });
});
