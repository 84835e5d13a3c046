/**
 * `npm run bench:imap [-- --n 10000]`: fills one folder with N messages (mixed sizes around
 * 10 KB, a quarter multipart with an attachment) over IMAP APPEND on a server running in its own
 * process, then times, with a raw-socket client (medians of 3):
 *   LOGIN+SELECT, FETCH 1:* (UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE RFC822.SIZE),
 *   100 random full-body fetches, SEARCH SUBJECT (common word), SEARCH FROM (part of an
 *   address), SEARCH BODY (rare word), SEARCH TEXT, SORT and THREAD;
 * plus the same FETCH 1:* through imapflow, and the server's peak RSS. Talks only to 127.0.0.1.
 */
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { argValue, round } from './lib/stats.js';
import { startServerProcess } from './lib/server-process.js';

const n = argValue('n', 10_000);
const RUNS = 3;
/** The demo académie's first account (src/demo/seed-demo.ts). */
const USER = 'chabotte';
const PASSWORD = '02G0512345ABC';
const FOLDER = 'Bench';
/** APPENDs in flight on the connection (LITERAL+ pipelining). */
const APPEND_WINDOW = 64;

/** A minimal IMAP client: sends a command, collects the response bytes up to its tagged line. */
class RawClient {
  private chunks: Buffer[] = [];
  private pending: Buffer = Buffer.alloc(0);
  private waiter: { tag: string; resolve: (reply: { status: string; bytes: number; text: string }) => void } | null = null;
  private literalLeft = 0;
  private bytes = 0;
  private lines: string[] = [];
  private keepText = false;
  private tagCounter = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const client = new RawClient(socket);
    await client.wait('*');
    return client;
  }

  nextTag(): string {
    return `b${++this.tagCounter}`;
  }

  /** Sends `command` (without tag) and resolves at its tagged reply. */
  async run(command: string | Buffer, keepText = false): Promise<{ status: string; bytes: number; text: string }> {
    const tag = this.nextTag();
    const promise = this.wait(tag, keepText);
    this.socket.write(typeof command === 'string' ? `${tag} ${command}\r\n` : Buffer.concat([Buffer.from(`${tag} `), command]));
    return promise;
  }

  /** Writes raw bytes (pipelined commands with their own tags). */
  write(data: Buffer | string): void {
    this.socket.write(data);
  }

  wait(tag: string, keepText = false): Promise<{ status: string; bytes: number; text: string }> {
    this.keepText = keepText;
    this.bytes = 0;
    this.lines = [];
    return new Promise((resolve) => {
      this.waiter = { tag, resolve };
      this.scan();
    });
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.scan();
  }

  /** Walks the received bytes line by line, skipping literal contents; decodes only what it must. */
  private scan(): void {
    if (this.chunks.length > 0) {
      this.pending = this.pending.length === 0 && this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat([this.pending, ...this.chunks]);
      this.chunks = [];
    }
    let pos = 0;
    const data = this.pending;
    const waiter = this.waiter;
    const tag = waiter ? Buffer.from(waiter.tag === '*' ? '* ' : `${waiter.tag} `) : null;
    while (pos < data.length) {
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, data.length - pos);
        this.literalLeft -= take;
        pos += take;
        continue;
      }
      const lf = data.indexOf(0x0a, pos);
      if (lf < 0) break;
      const start = pos;
      const end = lf - 1; // before CR
      pos = lf + 1;
      // A line ending in {n} announces a literal of n bytes.
      if (data[end - 1] === 0x7d) {
        let i = end - 2;
        let size = 0;
        let scale = 1;
        while (i > start && data[i]! >= 0x30 && data[i]! <= 0x39) {
          size += (data[i]! - 0x30) * scale;
          scale *= 10;
          i--;
        }
        if (data[i] === 0x7b && scale > 1) this.literalLeft = size;
      }
      if (this.keepText) this.lines.push(data.toString('latin1', start, end));
      if (waiter && tag && data.subarray(start, start + tag.length).equals(tag)) {
        this.waiter = null;
        this.pending = data.subarray(pos);
        const line = data.toString('latin1', start, end);
        waiter.resolve({ status: line.split(' ')[1] ?? '', bytes: this.bytes, text: this.lines.join('\n') });
        return;
      }
    }
    this.pending = data.subarray(pos);
  }

  close(): void {
    this.socket.destroy();
  }
}

// ---------------------------------------------------------------- messages

const WORDS = (
  'le la les un une des et ou mais donc car élève classe école conseil projet sortie rentrée ' +
  'parents cantine horaire emploi temps bulletin notes devoir leçon cahier calendrier vacances ' +
  'inspection formation réunion circonscription directeur équipe pédagogique budget matériel'
).split(' ');
const NAMES = ['jean.dupont', 'marie.martin', 'pierre.durand', 'sophie.bernard', 'luc.petit', 'claire.moreau', 'paul.habotte', 'anne.fournier'];
const DOMAINS = ['ac-aix-marseille.fr', 'ac-nice.fr', 'education.gouv.fr', 'mairie-marseille.fr'];
/** In about 30 % of subjects: what SEARCH SUBJECT looks for. */
const COMMON_SUBJECT_WORD = 'réunion';
/** In 5 bodies only: what SEARCH BODY looks for. */
const RARE_BODY_WORD = 'zygomatique';

function rng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(random, WORDS));
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function message(i: number): Buffer {
  const random = rng(i + 1);
  const from = `${pick(random, NAMES)}${i % 50}@${pick(random, DOMAINS)}`;
  const subjectWords = sentence(random, 4).slice(0, -1);
  const subject = random() < 0.3 ? `${subjectWords} ${COMMON_SUBJECT_WORD} ${i}` : `${subjectWords} ${i}`;
  const day = 1 + (i % 28);
  const header = [
    `From: "${from.split('@')[0]!.replace('.', ' ')}" <${from}>`,
    'To: Charlotte Habotté <charlotte.habotte@ac-aix-marseille.fr>',
    `Subject: ${subject}`,
    `Date: ${String(day).padStart(2, '0')} Jan 2025 ${String(8 + (i % 10)).padStart(2, '0')}:00:00 +0100`,
    `Message-ID: <bench-${i}@ac-aix-marseille.fr>`,
    ...(i % 7 === 3 ? [`In-Reply-To: <bench-${i - 1}@ac-aix-marseille.fr>`, `References: <bench-${i - 1}@ac-aix-marseille.fr>`] : []),
    'MIME-Version: 1.0',
  ];
  // Sizes from about 3 KB to 17 KB, mean about 10 KB.
  const target = 3000 + Math.floor(random() * 14_000);
  const lines: string[] = [];
  let size = 0;
  while (size < target) {
    const line = sentence(random, 10);
    lines.push(line);
    size += line.length + 2;
  }
  if (i % 2000 === 17) lines.splice(3, 0, `Un mot rare : ${RARE_BODY_WORD}.`);
  const text = lines.join('\r\n');
  if (i % 4 !== 0) {
    return Buffer.from(`${header.join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`);
  }
  const attachment = Buffer.alloc(3000 + Math.floor(random() * 6000), i % 251).toString('base64').replace(/.{76}/g, '$&\r\n');
  const half = text.slice(0, Math.floor(text.length / 2));
  return Buffer.from(
    `${header.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n` +
      `--b${i}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${half}\r\n` +
      `--b${i}\r\nContent-Type: application/pdf; name="piece-${i}.pdf"\r\nContent-Disposition: attachment; filename="piece-${i}.pdf"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${attachment}\r\n--b${i}--\r\n`,
  );
}

// ---------------------------------------------------------------- measurements

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Server CPU seconds so far, when a server is being measured (wall time suffers from a busy machine). */
let serverCpu: () => number = () => 0;

async function medianOf(fn: () => Promise<unknown>): Promise<{ median: number; runs: number[]; cpuMs: number }> {
  const runs: number[] = [];
  const cpuBefore = serverCpu();
  for (let r = 0; r < RUNS; r++) runs.push(await timed(fn));
  const cpuMs = ((serverCpu() - cpuBefore) * 1000) / RUNS;
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, runs, cpuMs };
}

async function expectOk(client: RawClient, command: string): Promise<{ bytes: number; text: string }> {
  const reply = await client.run(command, true);
  if (reply.status !== 'OK') throw new Error(`${command} → ${reply.text.split('\n').at(-1)}`);
  return reply;
}

async function fill(port: number): Promise<number> {
  const client = await RawClient.connect(port);
  await expectOk(client, `LOGIN ${USER} ${PASSWORD}`);
  await expectOk(client, `CREATE ${FOLDER}`);
  let bytes = 0;
  const failures: string[] = [];
  const awaiting: string[] = [];
  const settle = async (tag: string) => {
    const reply = await client.wait(tag);
    if (reply.status !== 'OK') failures.push(`${tag} ${reply.status}`);
  };
  // Pipelined APPENDs with LITERAL+ (RFC 7888): no round trip per message.
  for (let i = 0; i < n; i++) {
    const raw = message(i);
    bytes += raw.length;
    const tag = `f${i}`;
    const date = `${String(1 + (i % 28)).padStart(2, '0')}-Jan-2025 ${String(8 + (i % 10)).padStart(2, '0')}:00:00 +0100`;
    const flags = i % 3 === 0 ? '(\\Seen) ' : '';
    client.write(Buffer.concat([Buffer.from(`${tag} APPEND ${FOLDER} ${flags}"${date}" {${raw.length}+}\r\n`), raw, Buffer.from('\r\n')]));
    awaiting.push(tag);
    if (awaiting.length >= APPEND_WINDOW) await settle(awaiting.shift()!);
  }
  while (awaiting.length > 0) await settle(awaiting.shift()!);
  client.close();
  if (failures.length > 0) throw new Error(`APPEND failures: ${failures.slice(0, 5).join(', ')}`);
  return bytes;
}

async function main(): Promise<void> {
  const server = await startServerProcess({
    WEBMEL_DEMO: '1',
    // Room for the whole folder (100 MB), and no fsync per APPEND while filling: reads are measured.
    WEBMEL_QUOTA_MB: '2000',
    WEBMEL_SYNC: 'NORMAL',
  });
  const port = server.ports.imap!;
  serverCpu = () => server.cpuSeconds();
  try {
    const fillStart = performance.now();
    const bytes = await fill(port);
    const fillSeconds = (performance.now() - fillStart) / 1000;
    console.log(`bench:imap  ${n} messages, ${round(bytes / n / 1024, 1)} KB on average, folder « ${FOLDER} », 127.0.0.1:${port}`);
    console.log(`fill over APPEND (LITERAL+, ${APPEND_WINDOW} in flight): ${round(fillSeconds, 1)} s = ${round(n / fillSeconds)} msg/s`);
    const peakAfterFill = server.peakRssMb();

    const rows: Array<[string, string]> = [];
    // --rss: show the server's peak RSS after each measurement, to see which one raises it.
    const showRss = process.argv.includes('--rss');
    const add = (label: string, median: number, extra = '', cpuMs: number | null = null) =>
      rows.push([
        label,
        `${round(median, 1)} ms${cpuMs === null ? '' : `  (server CPU ${round(cpuMs, 0)} ms/run)`}${extra ? `  ${extra}` : ''}` +
          `${showRss ? `  [peak ${server.peakRssMb()} MB]` : ''}`,
      ]);

    const login = await medianOf(async () => {
      const c = await RawClient.connect(port);
      await expectOk(c, `LOGIN ${USER} ${PASSWORD}`);
      await expectOk(c, `SELECT ${FOLDER}`);
      c.close();
    });
    add('LOGIN + SELECT (new connection)', login.median, '', login.cpuMs);

    const client = await RawClient.connect(port);
    await expectOk(client, `LOGIN ${USER} ${PASSWORD}`);
    await expectOk(client, `SELECT ${FOLDER}`);
    let fetchBytes = 0;
    const fetchAll = await medianOf(async () => {
      const reply = await client.run('FETCH 1:* (UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE RFC822.SIZE)');
      if (reply.status !== 'OK') throw new Error('FETCH 1:* failed');
      fetchBytes = reply.bytes;
    });
    add('FETCH 1:* (UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE RFC822.SIZE)', fetchAll.median,
      `(runs ${fetchAll.runs.map((r) => round(r, 0)).join(' / ')} ms; ${round(fetchBytes / 1024 / 1024, 1)} MB)`, fetchAll.cpuMs);

    const random = rng(42);
    const bodies = await medianOf(async () => {
      for (let k = 0; k < 100; k++) {
        const uid = 1 + Math.floor(random() * n);
        const reply = await client.run(`UID FETCH ${uid} BODY.PEEK[]`);
        if (reply.status !== 'OK') throw new Error('body fetch failed');
      }
    });
    add('100 random full-body fetches (UID FETCH n BODY.PEEK[], one at a time)', bodies.median, '', bodies.cpuMs);

    const searches: Array<[string, string]> = [
      ['SEARCH SUBJECT common word', `SEARCH CHARSET UTF-8 SUBJECT "${COMMON_SUBJECT_WORD}"`],
      ['SEARCH FROM part of an address', 'SEARCH FROM "habotte"'],
      ['SEARCH BODY rare word', `SEARCH BODY "${RARE_BODY_WORD}"`],
      ['SEARCH TEXT (word)', 'SEARCH TEXT "inspection"'],
      ['SEARCH UNSEEN SINCE 10-Jan-2025', 'SEARCH UNSEEN SINCE 10-Jan-2025'],
      ['SORT (REVERSE DATE) UTF-8 ALL', 'SORT (REVERSE DATE) UTF-8 ALL'],
      ['THREAD REFERENCES UTF-8 ALL', 'THREAD REFERENCES UTF-8 ALL'],
      // RFC 3501 substrings: part of a word (the trigram index), and two letters (no trigram: a
      // scan). Last, so that the measurements above stay comparable with earlier runs.
      ['SEARCH BODY part of a word', `SEARCH BODY "${RARE_BODY_WORD.slice(2, -2)}"`],
      ['SEARCH TEXT two letters', 'SEARCH TEXT "zy"'],
    ];
    for (const [label, command] of searches) {
      let count = 0;
      const result = await medianOf(async () => {
        const reply = await expectOk(client, command);
        const line = reply.text.split('\n').find((l) => /^\* (SEARCH|SORT|THREAD)/.test(l)) ?? '';
        count = /^\* THREAD/.test(line) ? (line.match(/\(/g)?.length ?? 0) : line.split(' ').length - 2;
      });
      add(label, result.median, `(${count} ${label.startsWith('THREAD') ? 'parentheses' : 'results'})`, result.cpuMs);
    }
    client.close();

    // A second server process on the same data folder: empty in-memory caches, as after a restart.
    const restarted = await startServerProcess({ WEBMEL_DATA_DIR: server.dataDir, WEBMEL_DEMO: '0', WEBMEL_QUOTA_MB: '2000' });
    try {
      const fresh = await RawClient.connect(restarted.ports.imap!);
      await expectOk(fresh, `LOGIN ${USER} ${PASSWORD}`);
      await expectOk(fresh, `SELECT ${FOLDER}`);
      const cold = await timed(() => expectOk(fresh, 'FETCH 1:* (UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE RFC822.SIZE)'));
      add('FETCH 1:* same items, first one in a freshly started server (no median)', cold, '(formats read from content_imap)');
      fresh.close();
    } finally {
      await restarted.stop();
    }

    const flow = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });
    await flow.connect();
    await flow.mailboxOpen(FOLDER);
    let fetched = 0;
    const viaImapflow = await medianOf(async () => {
      const messages = await flow.fetchAll('1:*', { uid: true, flags: true, envelope: true, bodyStructure: true, internalDate: true, size: true });
      fetched = messages.length;
    });
    add('imapflow fetchAll(1:*) same items (client parsing included)', viaImapflow.median, `(${fetched} messages)`);
    await flow.logout();

    const width = Math.max(...rows.map(([label]) => label.length));
    console.log('');
    console.log(`${'measurement'.padEnd(width)}  median of ${RUNS}`);
    console.log(`${'-'.repeat(width)}  ${'-'.repeat(12)}`);
    for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
    console.log(`${'server peak RSS (VmHWM) after the fill'.padEnd(width)}  ${peakAfterFill} MB`);
    console.log(`${'server peak RSS (VmHWM) at the end'.padEnd(width)}  ${server.peakRssMb()} MB`);
  } finally {
    await server.stop();
  }
}

await main();
