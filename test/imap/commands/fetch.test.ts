// FETCH and UID FETCH: every data item, body sections and partials, \Seen, CONDSTORE, batching,
// with imapflow as the client and a raw socket for the exact wire form.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapClient } from '../../helpers/imap.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { startTestWebmel, testNumen } from '../../helpers/webmel.js';
import { forwardMessage, found, MessageTestbed, multipartMessage, putMany, textMessage, wire } from '../../helpers/imap-messages.js';

let bed: MessageTestbed;
beforeEach(async () => {
  bed = await MessageTestbed.start();
});
afterEach(async () => bed.stop());

/** The bytes of `raw` between two markers (markers excluded). */
function between(raw: Buffer, start: string, end: string): Buffer {
  const from = raw.indexOf(start) + start.length;
  return raw.subarray(from, raw.indexOf(end, from));
}

describe('FETCH data items', () => {
  it('answers UID, FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE and BODYSTRUCTURE through imapflow', async () => {
    const text = textMessage({ subject: 'Conseil des maîtres', messageId: '<conseil-1@ac-aix-marseille.fr>', cc: 'Marc <marc@ac-aix-marseille.fr>' });
    const multi = multipartMessage();
    bed.put(text, { flags: ['\\Flagged', 'urgent'], internalDate: new Date('2025-02-03T09:15:30Z') });
    bed.put(multi);
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const messages = await client.fetchAll('1:*', { uid: true, flags: true, internalDate: true, size: true, envelope: true, bodyStructure: true });
    expect(messages).toHaveLength(2);
    const [first, second] = messages as [(typeof messages)[0], (typeof messages)[0]];
    expect(first.uid).toBe(1);
    expect([...first.flags!].sort()).toEqual(['\\Flagged', '\\Recent', 'urgent']);
    expect(new Date(first.internalDate!).toISOString()).toBe('2025-02-03T09:15:30.000Z');
    expect(first.size).toBe(text.length);
    expect(first.envelope!.subject).toBe('Conseil des maîtres');
    expect(first.envelope!.messageId).toBe('<conseil-1@ac-aix-marseille.fr>');
    expect(first.envelope!.from).toEqual([{ name: 'Jean Dupont', address: 'jean.dupont@ac-aix-marseille.fr' }]);
    expect(first.envelope!.cc).toEqual([{ name: 'Marc', address: 'marc@ac-aix-marseille.fr' }]);
    expect(first.bodyStructure).toMatchObject({ type: 'text/plain', parameters: { charset: 'utf-8' }, encoding: '8bit' });

    expect(second.size).toBe(multi.length);
    const structure = second.bodyStructure!;
    expect(structure.type).toBe('multipart/mixed');
    expect(structure.childNodes!.map((node) => node.type)).toEqual(['multipart/alternative', 'application/pdf']);
    expect(structure.childNodes![0]!.childNodes!.map((node) => [node.part, node.type])).toEqual([
      ['1.1', 'text/plain'],
      ['1.2', 'text/html'],
    ]);
    expect(structure.childNodes![1]).toMatchObject({ part: '2', disposition: 'attachment', dispositionParameters: { filename: 'cr.pdf' } });
  });

  it('serves the RFC 3501 6.4.5 example FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])', async () => {
    putMany(bed, [1, 2, 3, 4].map((i) => textMessage({ subject: `Message ${i}`, date: `Mon, ${i} Feb 2025 10:00:00 +0100` })));
    const imap = await bed.raw('INBOX');
    const lines = await imap.command('a654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])');
    expect(lines.at(-1)).toMatch(/^a654 OK/);
    const fetches = lines.filter((line) => /^\* \d FETCH/.test(line));
    expect(fetches.map((line) => line.split(' ')[1])).toEqual(['2', '3', '4']);
    // A non-PEEK BODY[...] sets \Seen before the response is built: FLAGS shows it.
    const fields = wire('From: Jean Dupont <jean.dupont@ac-aix-marseille.fr>\r\nDate: Mon, 2 Feb 2025 10:00:00 +0100\r\n\r\n');
    expect(lines.join('\r\n')).toContain(
      `* 2 FETCH (FLAGS (\\Seen \\Recent) BODY[HEADER.FIELDS (DATE FROM)] {${Buffer.byteLength(fields, 'latin1')}}\r\n${fields})`,
    );
  });

  it('returns every section form byte for byte: parts, HEADER, TEXT, MIME, HEADER.FIELDS[.NOT], message/rfc822 parts', async () => {
    const multi = multipartMessage();
    const forward = forwardMessage();
    bed.put(multi);
    bed.put(forward);
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const parts = found(
      await client.fetchOne('1', {
        bodyParts: ['1.1', '1.2', '2', 'TEXT', '1.MIME', '2.MIME'],
        headers: ['subject', 'message-id'],
      }),
    );
    const got = (key: string) => parts.bodyParts!.get(key)!.toString('utf8');
    expect(got('1.1')).toBe('Voici le compte rendu du conseil d’école.');
    expect(got('1.2')).toBe('<p>Voici le <b>compte rendu</b> du conseil d’école.</p>');
    expect(got('2')).toBe('JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==');
    const headerEnd = multi.indexOf('\r\n\r\n') + 4;
    const header = found(await client.fetchOne('1', { headers: true }));
    expect(header.headers!.equals(multi.subarray(0, headerEnd))).toBe(true);
    expect(parts.bodyParts!.get('text')!.equals(multi.subarray(headerEnd))).toBe(true);
    expect(got('1.mime')).toBe('Content-Type: multipart/alternative; boundary="alt"\r\n\r\n');
    expect(got('2.mime')).toBe('Content-Type: application/pdf; name="cr.pdf"\r\nContent-Disposition: attachment; filename="cr.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n');
    expect(parts.headers!.toString()).toBe('Subject: Compte rendu\r\nMessage-ID: <multi-1@ac-aix-marseille.fr>\r\n\r\n');
    // imapflow quotes a HEADER.FIELDS.NOT body part: ask on the raw socket.
    const imap = await bed.raw('INBOX');
    const not = await imap.command('h1 FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (FROM TO DATE SUBJECT MESSAGE-ID MIME-VERSION)]');
    expect(not.slice(0, 3)).toEqual([
      '* 1 FETCH (BODY[HEADER.FIELDS.NOT (FROM TO DATE SUBJECT MESSAGE-ID MIME-VERSION)] {51}',
      'Content-Type: multipart/mixed; boundary="mixed"',
      '',
    ]);

    const forwarded = found(await client.fetchOne('2', { bodyParts: ['2', '2.HEADER', '2.TEXT', '2.1'] }));
    const inner = between(forward, 'Content-Type: message/rfc822\r\n\r\n', '\r\n--fw--');
    expect(forwarded.bodyParts!.get('2')!.equals(inner)).toBe(true);
    expect(forwarded.bodyParts!.get('2.header')!.toString()).toContain('Subject: Sortie au musée\r\n');
    expect(forwarded.bodyParts!.get('2.text')!.toString()).toBe('La sortie est confirmée.\r\n');
    // Part 1 of a non-multipart message is its body (RFC 3501 6.4.5).
    expect(forwarded.bodyParts!.get('2.1')!.toString()).toBe('La sortie est confirmée.\r\n');
  });

  it('answers partial fetches <origin.octets> with the origin only in the response name', async () => {
    const raw = textMessage();
    bed.put(raw);
    const imap = await bed.raw('INBOX');
    const lines = await imap.command('p1 FETCH 1 (BODY.PEEK[]<0.4> BODY.PEEK[TEXT]<3.5> BODY.PEEK[]<100000.10>)');
    const text = lines.join('\r\n');
    expect(text).toContain('BODY[]<0> {4}\r\nFrom');
    expect(text).toContain(`BODY[TEXT]<3> {5}\r\n${wire('jour,')}`);
    expect(text).toContain('BODY[]<100000> {0}\r\n');
    // imapflow's source window uses the same partial form.
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const window = found(await client.fetchOne('1', { source: { start: 6, maxLength: 11 } }));
    expect(window.source!.toString()).toBe(raw.subarray(6, 17).toString());
  });

  it('answers NIL for sections the message does not have', async () => {
    bed.put(textMessage());
    const imap = await bed.raw('INBOX');
    const lines = await imap.command('n1 FETCH 1 (BODY.PEEK[3] BODY.PEEK[1.HEADER] BODY.PEEK[2.MIME])');
    expect(lines[0]).toBe('* 1 FETCH (BODY[3] NIL BODY[1.HEADER] NIL BODY[2.MIME] NIL)');
    expect(lines.at(-1)).toMatch(/^n1 OK/);
  });

  it('answers RFC822, RFC822.HEADER and RFC822.TEXT under their own names; RFC822 sets \\Seen, RFC822.HEADER does not', async () => {
    const raw = textMessage({ body: 'Corps du message.\r\n' });
    bed.put(raw);
    bed.put(raw);
    const imap = await bed.raw('INBOX');
    const header = (await imap.command('r1 FETCH 1 RFC822.HEADER')).join('\r\n');
    expect(header).toMatch(/^\* 1 FETCH \(RFC822\.HEADER \{\d+\}\r\nFrom: /);
    expect(header).not.toContain('\\Seen');
    const text = (await imap.command('r2 FETCH 1 RFC822.TEXT')).join('\r\n');
    expect(text).toContain('RFC822.TEXT {19}\r\nCorps du message.\r\n FLAGS (\\Seen \\Recent))');
    const whole = (await imap.command('r3 FETCH 2 (RFC822 FLAGS)')).join('\r\n');
    expect(whole).toContain(`RFC822 {${raw.length}}\r\nFrom:`);
    expect(whole).toMatch(/FLAGS \(\\Seen \\Recent\)\)$/m);
  });

  it('does not set \\Seen for BODY.PEEK, nor for BODY[] in a folder opened with EXAMINE', async () => {
    bed.put(textMessage());
    const imap = await bed.raw();
    await imap.command('e1 EXAMINE INBOX');
    expect((await imap.command('e2 FETCH 1 BODY[]')).join(' ')).not.toContain('\\Seen');
    await imap.command('e3 SELECT INBOX');
    expect((await imap.command('e4 FETCH 1 (BODY.PEEK[] FLAGS)')).join(' ')).not.toContain('\\Seen');
    expect((await imap.command('e5 FETCH 1 FLAGS'))[0]).toBe('* 1 FETCH (FLAGS (\\Recent))');
  });

  it('includes the UID in every UID FETCH response and expands the ALL, FAST and FULL macros', async () => {
    bed.put(textMessage(), { internalDate: new Date('2025-02-03T09:15:30Z') });
    const imap = await bed.raw('INBOX');
    expect((await imap.command('u1 UID FETCH 1 FLAGS'))[0]).toBe('* 1 FETCH (UID 1 FLAGS (\\Recent))');
    const fast = (await imap.command('u2 FETCH 1 FAST'))[0]!;
    expect(fast).toMatch(/^\* 1 FETCH \(FLAGS \(\\Recent\) INTERNALDATE "\d\d-Feb-2025 \d\d:15:30 [+-]\d{4}" RFC822\.SIZE \d+\)$/);
    const full = (await imap.command('u3 FETCH 1 FULL')).join('\r\n');
    expect(full).toContain('ENVELOPE ("Mon, 3 Feb 2025 10:00:00 +0100" "Bonjour"');
    // BODY without a section is the non-extensible BODYSTRUCTURE: no extension data.
    expect(full).toContain('BODY ("text" "plain" ("charset" "utf-8") NIL NIL "8BIT" 22 2))');
  });

  it('answers BAD for a message number past the end and for BINARY, which is not announced', async () => {
    bed.put(textMessage());
    const imap = await bed.raw('INBOX');
    expect((await imap.command('b1 FETCH 2 FLAGS')).at(-1)).toMatch(/^b1 BAD/);
    expect((await imap.command('b2 FETCH 1 BINARY[1]')).at(-1)).toMatch(/^b2 BAD/);
    // A UID that does not exist is not an error: nothing to answer.
    expect(await imap.command('b3 UID FETCH 99 FLAGS')).toEqual([expect.stringMatching(/^b3 OK/)]);
  });

  it('fetches thousands of messages in order, across batches', async () => {
    putMany(bed, Array.from({ length: 2100 }, (_, i) => textMessage({ subject: `Lot ${i + 1}` })));
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const messages = await client.fetchAll('1:*', { uid: true, envelope: true });
    expect(messages).toHaveLength(2100);
    expect(messages.every((m, i) => m.seq === i + 1 && m.uid === i + 1 && m.envelope!.subject === `Lot ${i + 1}`)).toBe(true);
    const some = await client.fetchAll('5,1999:2001,7', { uid: true }, { uid: true });
    expect(some.map((m) => m.uid)).toEqual([5, 7, 1999, 2000, 2001]);
  });
});

describe('pipelining', () => {
  it('answers pipelined FETCH, STORE and SEARCH commands in order', async () => {
    putMany(bed, [textMessage({ subject: 'un' }), textMessage({ subject: 'deux' })]);
    const imap = await bed.raw('INBOX');
    imap.send('p1 FETCH 1 (UID)\r\np2 STORE 2 +FLAGS (\\Flagged)\r\np3 SEARCH FLAGGED\r\np4 UID FETCH 2 (FLAGS)\r\n');
    expect(await imap.until((line) => line.startsWith('p4 '))).toEqual([
      '* 1 FETCH (UID 1)',
      expect.stringMatching(/^p1 OK/),
      '* 2 FETCH (FLAGS (\\Flagged \\Recent))',
      expect.stringMatching(/^p2 OK/),
      '* SEARCH 2',
      expect.stringMatching(/^p3 OK/),
      '* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))',
      expect.stringMatching(/^p4 OK/),
    ]);
  });
});

describe('CONDSTORE in FETCH', () => {
  it('returns MODSEQ, and with CHANGEDSINCE only the messages changed since, enabling CONDSTORE', async () => {
    putMany(bed, [textMessage(), textMessage({ subject: 'deux' }), textMessage({ subject: 'trois' })]);
    const imap = await bed.raw('INBOX');
    const before = Number(/MODSEQ \((\d+)\)/.exec((await imap.command('c1 FETCH 3 (MODSEQ)')).join(' '))![1]);
    await imap.command('c2 STORE 2 +FLAGS.SILENT (\\Answered)');
    const lines = await imap.command(`c3 FETCH 1:* (FLAGS) (CHANGEDSINCE ${before})`);
    const fetches = lines.filter((line) => line.startsWith('* '));
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toMatch(/^\* 2 FETCH \(FLAGS \(\\Answered \\Recent\) MODSEQ \((\d+)\)\)$/);
    expect(Number(/MODSEQ \((\d+)\)/.exec(fetches[0]!)![1])).toBeGreaterThan(before);
  });

  it('adds UID and MODSEQ to a FETCH that set \\Seen once CONDSTORE is on (RFC 7162 3.2.4)', async () => {
    bed.put(textMessage());
    const imap = await bed.raw('INBOX');
    await imap.command('c1 ENABLE CONDSTORE');
    const lines = await imap.command('c2 FETCH 1 (BODY[TEXT])');
    expect(lines.join('\r\n')).toMatch(/ FLAGS \(\\Seen \\Recent\) UID 1 MODSEQ \(\d+\)\)\r\nc2 OK/);
  });

  it('sends HIGHESTMODSEQ when FETCH MODSEQ enables CONDSTORE in a selected folder', async () => {
    bed.put(textMessage());
    const imap = await bed.raw('INBOX');
    const lines = await imap.command('m1 FETCH 1 (MODSEQ)');
    expect(lines[0]).toMatch(/^\* OK \[HIGHESTMODSEQ \d+\]/);
    expect(lines[1]).toMatch(/^\* 1 FETCH \(MODSEQ \(\d+\)\)$/);
  });
});

describe('FETCH and other sessions', () => {
  it('shows flags another session changed, announcing them first', async () => {
    bed.put(textMessage());
    const writer = await bed.raw('INBOX');
    const reader = await bed.raw('INBOX');
    await writer.command('w1 STORE 1 +FLAGS (\\Flagged)');
    const lines = await reader.command('r1 FETCH 1 (FLAGS)');
    // The update first (unsolicited, with its UID), then the answer, both current.
    expect(lines).toEqual(['* 1 FETCH (UID 1 FLAGS (\\Flagged))', '* 1 FETCH (FLAGS (\\Flagged))', expect.stringMatching(/^r1 OK/)]);
  });

  it('keeps sequence numbers during FETCH while another session expunges, then reports the expunge', async () => {
    putMany(bed, [textMessage({ subject: 'un' }), textMessage({ subject: 'deux' })]);
    const writer = await bed.raw('INBOX');
    const reader = await bed.raw('INBOX');
    await writer.command('w1 STORE 1 +FLAGS.SILENT (\\Deleted)');
    await writer.command('w2 EXPUNGE');
    const lines = await reader.command('r1 FETCH 2 (UID)');
    // No EXPUNGE during FETCH (RFC 3501 7.4.1): message 2 is still number 2.
    expect(lines).toEqual(['* 1 FETCH (UID 1 FLAGS (\\Deleted))', '* 2 FETCH (UID 2)', expect.stringMatching(/^r1 OK/)]);
    expect(await reader.command('r2 NOOP')).toEqual(['* 1 EXPUNGE', expect.stringMatching(/^r2 OK/)]);
  });
});

describe('ENVELOPE and BODYSTRUCTURE are formatted once per content', () => {
  /** content_imap rows, as the store holds them. */
  const stored = () =>
    bed.webmel.services.db.prepare('SELECT content_id AS id, envelope FROM content_imap').all() as Array<{ id: number; envelope: string }>;

  async function until(test: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !test(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(test()).toBe(true);
  }

  it('formats new mail soon after delivery, and forgets it with the message', async () => {
    const uid = bed.put(multipartMessage());
    await until(() => stored().length === 1);
    expect(stored()[0]!.envelope).toContain('"Compte rendu"');
    const imap = await bed.raw('INBOX');
    await imap.command(`d1 UID STORE ${uid} +FLAGS.SILENT (\\Deleted)`);
    await imap.command('d2 EXPUNGE');
    expect(stored()).toEqual([]);
  });

  it('serves them from the store after a restart, without parsing the MIME tree again', async () => {
    const temp = makeTempDir();
    const numen = testNumen();
    try {
      let webmel = await startTestWebmel({}, temp.dir);
      const account = webmel.services.accounts.create({ prenom: 'Paul', nom: 'Roux', numen });
      const first = await imapClient(webmel.ports.imap, account.login, numen);
      await first.append('INBOX', textMessage({ subject: 'Avant le redémarrage' }));
      await first.logout();
      const db = () => webmel.services.db;
      await until(() => (db().prepare('SELECT count(*) AS n FROM content_imap').get() as { n: number }).n === 1);
      await webmel.stop();

      webmel = await startTestWebmel({}, temp.dir);
      // Mark the stored text (same length: the subject is a literal): a FETCH that reads it shows
      // the mark, one that re-parsed the tree would not.
      db().prepare(`UPDATE content_imap SET envelope = replace(envelope, 'Avant', 'AVANT')`).run();
      const client = await imapClient(webmel.ports.imap, account.login, numen);
      await client.mailboxOpen('INBOX');
      const message = found(await client.fetchOne('1', { envelope: true, bodyStructure: true }));
      expect(message.envelope!.subject).toBe('AVANT le redémarrage');
      expect(message.bodyStructure!.type).toBe('text/plain');
      await client.logout();
      await webmel.stop();
    } finally {
      temp.cleanup();
    }
  });
});
