// Hostile input against a live server: a seed corpus of commands, mutated with a seeded PRNG, is
// replayed in every state (not authenticated, authenticated, selected). After each mutated input a
// probe command checks the connection. Asserted by result, never by time:
// - the server never fails (no `NO [SERVERBUG]`, the process goes on, new clients are served);
// - every response is untagged, a continuation, or tagged OK / NO / BAD;
// - the connection stays usable (the probe is answered), or it is closed after a `* BYE`;
// - nothing of another account ever appears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { imapClient, RawImap } from '../helpers/imap.js';
import { startTestWebmel, testNumen, type TestWebmel } from '../helpers/webmel.js';
import { prng } from '../helpers/imap-protocol.js';

/** Mutated inputs per state; each costs one round trip, a few a short wait. */
const ITERATIONS_PER_STATE = 300;

type State = 'not-authenticated' | 'authenticated' | 'selected';

/** A literal for a seed: `{n}\r\n` + text, n counted in bytes. */
function lit(text: string): string {
  return `{${Buffer.byteLength(text)}}\r\n${text}`;
}

const SEEDS: string[] = [
  'a1 CAPABILITY',
  'a2 NOOP',
  'a3 ID ("name" "fuzz" "version" "1.0" "os" NIL)',
  'a4 ID NIL',
  'a5 LOGIN SMITH SESAME',
  `a6 LOGIN ${lit('FRED')} ${lit('FOOBAR')}`,
  `a7 AUTHENTICATE PLAIN ${Buffer.from('\0fred\0foobar').toString('base64')}`,
  'a8 STARTTLS',
  'a9 LOGOUT',
  'b1 SELECT INBOX',
  'b2 EXAMINE "Envoy&AOk-s" (CONDSTORE)',
  'b3 CREATE "Fuzz/Dossier &AOk-"',
  'b4 CREATE Classement (USE (\\Archive))',
  'b5 DELETE Fuzz',
  'b6 RENAME "Fuzz/Dossier &AOk-" Fuzz2/Sous',
  'b7 SUBSCRIBE Corbeille',
  'b8 UNSUBSCRIBE Archives',
  'b9 LIST "" ""',
  'c1 LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN HIGHESTMODSEQ SIZE) SPECIAL-USE CHILDREN SUBSCRIBED)',
  'c2 LIST (SUBSCRIBED RECURSIVEMATCH) "" (INBOX "%" "Arch*")',
  'c3 LSUB "" "*"',
  'c4 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ SIZE DELETED)',
  'c5 NAMESPACE',
  'c6 ENABLE CONDSTORE',
  'c7 GETQUOTAROOT INBOX',
  'c8 GETQUOTA "User quota"',
  'c9 SETQUOTA "User quota" (STORAGE 1)',
  'd1 IDLE',
  'd2 SELECT Secret-Marc',
  'd3 STATUS Secret-Marc (MESSAGES)',
  'e1 FETCH 1:* (UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE RFC822.SIZE)',
  'e2 UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] BODY.PEEK[1]<0.20> MODSEQ)',
  'e3 STORE 1 +FLAGS (\\Seen $Label)',
  'e4 UID SEARCH CHARSET UTF-8 SUBJECT "rentrée" NOT DELETED',
  'e5 SEARCH OR FROM dpe TO charlotte SINCE 1-Jan-2020',
  'e6 COPY 1:2 Archives',
  'e7 UID MOVE 3 Corbeille',
  'e8 EXPUNGE',
  'e9 UID EXPUNGE 1:5',
  `f1 APPEND Brouillons (\\Draft) ${lit('Subject: brouillon\r\n\r\nTexte.\r\n')}`,
  'f2 SORT (DATE) UTF-8 ALL',
  'f3 THREAD REFERENCES UTF-8 ALL',
  'f4 CHECK',
  'f5 CLOSE',
  'f6 UNSELECT',
].map((seed) => `${seed}\r\n`);

const FRAGMENTS = ['{5}\r\n', '{3+}\r\n', '{0}\r\n', '{99999999999}\r\n', '((', '))', '"', '\\', ' NIL', ' *', '%', '&', '&AOk', '4294967296', '1:*', '\r\n', ' RETURN (', 'BODY[', '\u0000'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/**
 * None to two edits, mostly mild so that many inputs still reach the commands: byte flips,
 * insertions of syntax fragments, small deletions; sometimes cuts, long repeats and splices.
 */
function mutate(random: () => number, seed: Buffer): Buffer {
  let out = seed;
  const edits = Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.2) {
      const copy = Buffer.from(out);
      if (copy.length > 0) copy[Math.min(at, copy.length - 1)] = Math.floor(random() * 256);
      out = copy;
    } else if (kind < 0.55) {
      out = Buffer.concat([out.subarray(0, at), Buffer.from(pick(random, FRAGMENTS), 'latin1'), out.subarray(at)]);
    } else if (kind < 0.75) {
      out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + Math.floor(random() * 6))]);
    } else if (kind < 0.85) {
      out = out.subarray(0, at);
    } else if (kind < 0.93) {
      const chunk = out.subarray(at, at + 1 + Math.floor(random() * 4));
      out = Buffer.concat([out.subarray(0, at), ...Array<Buffer>(Math.floor(random() * 300)).fill(chunk), out.subarray(at)]);
    } else {
      out = Buffer.concat([out.subarray(0, at), Buffer.from(pick(random, SEEDS), 'utf8')]);
    }
  }
  return out;
}

/**
 * Checks responses as a client reads them: literal contents (`{n}` then n bytes) are skipped, and
 * every response must start as untagged, continuation, or tagged OK / NO / BAD.
 */
function malformedResponses(lines: readonly string[]): string[] {
  const bad: string[] = [];
  // Bytes of literal still to skip; -1 when the next line goes on after a literal that ended
  // with a line break (a header section does).
  let literal = 0;
  const literalAtEnd = (text: string) => Number(/\{(\d+)\}$/.exec(text)?.[1] ?? 0);
  for (const line of lines) {
    if (literal > 0 && literal >= line.length + 2) {
      literal -= line.length + 2;
      if (literal === 0) literal = -1;
      continue;
    }
    if (literal !== 0) {
      literal = literalAtEnd(line.slice(Math.max(literal, 0)));
      continue;
    }
    if (!/^(\* |\+( |$)|[\x21-\x7e]+ (OK|NO|BAD)( |$))/.test(line)) bad.push(line);
    literal = literalAtEnd(line);
  }
  return bad;
}

let webmel: TestWebmel;
let numen: string;
let marc: Account;

beforeAll(async () => {
  webmel = await startTestWebmel();
  numen = testNumen();
  const charlotte = webmel.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen });
  marc = webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre' });
  const { delivery, store } = webmel.services;
  for (const subject of ['Réunion de rentrée', 'Inspection', 'Sortie scolaire']) {
    const raw = `From: DPE <dpe@ac-paris.fr>\r\nTo: ${charlotte.address}\r\nSubject: ${subject}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nBonjour.\r\n--b--\r\n`;
    delivery.deliver(Buffer.from(raw), 'dpe@ac-paris.fr', [charlotte]);
  }
  store.createMailbox(marc.id, 'Secret-Marc');
  delivery.deliver(Buffer.from(`From: x@ac-paris.fr\r\nSubject: SECRET-MARC-42\r\n\r\nConfidentiel.\r\n`), 'x@ac-paris.fr', [marc]);
});
afterAll(async () => webmel.stop());

/** A connection driven into one state, re-opened when the server closes it. */
class Driver {
  private imap: RawImap | null = null;
  private probes = 0;
  readonly transcript: string[] = [];
  closedWithBye = 0;

  constructor(private readonly state: State) {}

  private async open(): Promise<RawImap> {
    const imap = await RawImap.connect(webmel.ports.imap);
    if (this.state !== 'not-authenticated') {
      expect((await imap.command(`o1 LOGIN chabotte ${numen}`)).at(-1)).toMatch(/^o1 OK/);
    }
    if (this.state === 'selected') expect((await imap.command('o2 SELECT INBOX')).at(-1)).toMatch(/^o2 OK/);
    this.imap = imap;
    return imap;
  }

  /**
   * The probe also brings the connection back to its state: SELECT INBOX re-selects, a SELECT of
   * a folder that does not exist deselects (RFC 3501 6.3.1), NOOP leaves things as they are.
   */
  private probeCommand(tag: string): string {
    if (this.state === 'selected') return `${tag} SELECT INBOX`;
    if (this.state === 'authenticated') return `${tag} SELECT "zz nulle part"`;
    return `${tag} NOOP`;
  }

  async replay(input: Buffer): Promise<void> {
    const imap = this.imap && !this.imap.socket.destroyed ? this.imap : await this.open();
    imap.send(input);
    // What ends the mutated input: nothing, then more and more empty lines, for a pending
    // literal (`{n}`) or an IDLE / AUTHENTICATE waiting for its line. Empty lines are ignored.
    // Any probe of this round may be the one answered: earlier ones may have been eaten.
    const tags: string[] = [];
    const isProbeReply = (line: string) => tags.some((tag) => line.startsWith(`${tag} `));
    const fillers = [0, 64, 4096, 65536, 1 << 20];
    for (const [attempt, filler] of fillers.entries()) {
      if (filler > 0) imap.send('\r\n'.repeat(filler / 2));
      const tag = `Zq${++this.probes}`;
      tags.push(tag);
      imap.send(`\r\n${this.probeCommand(tag)}\r\n`);
      let lines: string[];
      try {
        // The last filler may leave many empty lines for the server to skip: wait longer.
        const wait = attempt === fillers.length - 1 ? 20_000 : 250;
        lines = await imap.until((line) => isProbeReply(line) || line.startsWith('* BYE'), wait);
      } catch {
        lines = imap.received.splice(0);
      }
      this.transcript.push(...lines);
      const last = lines.at(-1) ?? '';
      if (isProbeReply(last)) {
        expect(last, `probe after ${JSON.stringify(input.toString('latin1').slice(0, 300))}`).toMatch(/^Zq\d+ (OK|NO) /);
        return;
      }
      if (last.startsWith('* BYE') || imap.socket.destroyed) {
        await this.closed(imap);
        return;
      }
    }
    throw new Error(`connection stuck after ${JSON.stringify(input.toString('latin1').slice(0, 300))}`);
  }

  /** The server said BYE (or must have): the connection must end. */
  private async closed(imap: RawImap): Promise<void> {
    await new Promise<void>((resolve) => {
      if (imap.socket.destroyed) resolve();
      else imap.socket.once('close', () => resolve());
    });
    this.transcript.push(...imap.received.splice(0));
    expect(this.transcript.some((line) => line.startsWith('* BYE')), 'closed without * BYE').toBe(true);
    this.closedWithBye++;
    this.imap = null;
  }

  close(): void {
    this.imap?.close();
  }
}

/**
 * Literals the server accepts (up to the message size limit) but that would take megabytes of
 * filler to end are shortened; larger announcements stay, to be refused on the spot.
 */
function boundLiterals(input: Buffer): Buffer {
  const text = input.toString('latin1').replace(/\{(\d{7,8})(\+?)\}/g, (all, size: string, plus: string) =>
    Number(size) <= 30 * 1024 * 1024 ? `{${1 << 20}${plus}}` : all,
  );
  return Buffer.from(text, 'latin1');
}

async function fuzz(state: State, seed: number): Promise<Driver> {
  const random = prng(seed);
  const driver = new Driver(state);
  try {
    for (let i = 0; i < ITERATIONS_PER_STATE; i++) {
      await driver.replay(boundLiterals(mutate(random, Buffer.from(pick(random, SEEDS), 'utf8'))));
    }
  } finally {
    driver.close();
  }
  return driver;
}

function expectSound(driver: Driver, minReached: number): void {
  expect(malformedResponses(driver.transcript)).toEqual([]);
  const text = driver.transcript.join('\n');
  expect(text).not.toContain('SERVERBUG');
  // Marc's message and address never show; his folder's name only where an error quotes the
  // command that asked for it.
  expect(text).not.toMatch(/SECRET-MARC-42|Confidentiel|marc\.lefevre/i);
  expect(driver.transcript.filter((line) => /^\* (?!BAD)/.test(line) && /Secret-Marc/i.test(line))).toEqual([]);
  // The corpus reaches the commands, not only the parser: many inputs are carried out or refused.
  const reached = driver.transcript.filter((line) => /^(?!Zq)[\x21-\x7e]+ (OK|NO) /.test(line)).length;
  expect(reached).toBeGreaterThan(minReached);
}

describe('mutated commands against a live server', () => {
  // Selected and authenticated first: the not-authenticated run fails many logins from this
  // address, which the rate limiter then refuses for a while.
  it('survives them in the selected state', async () => {
    expectSound(await fuzz('selected', 0x5e1ec7ed), ITERATIONS_PER_STATE / 5);
  });

  it('survives them in the authenticated state', async () => {
    expectSound(await fuzz('authenticated', 0xa11ce), ITERATIONS_PER_STATE / 10);
    // Still serving: a real client logs in and lists.
    const client = await imapClient(webmel.ports.imap, 'chabotte', numen);
    expect((await client.list()).map((entry) => entry.path)).toContain('INBOX');
    await client.logout();
  });

  it('survives them before login', async () => {
    // Before login most of the corpus is refused by state: fewer inputs reach a command.
    expectSound(await fuzz('not-authenticated', 0xbadc0de), ITERATIONS_PER_STATE / 30);
    const imap = await RawImap.connect(webmel.ports.imap);
    expect((await imap.command('h1 CAPABILITY')).at(-1)).toMatch(/^h1 OK/);
    imap.close();
  });
});
