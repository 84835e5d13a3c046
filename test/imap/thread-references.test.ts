// SORT and THREAD=REFERENCES (RFC 5256): base subjects, every sort key, the threading steps
// (references, dummies, subject gathering, date order) and the wire forms.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseSubject } from '../../src/imap/base-subject.js';
import { formatThreads, threadByReferences, type ThreadMessage, type ThreadNode } from '../../src/imap/thread-references.js';
import { MessageTestbed, putMany, textMessage } from '../helpers/imap-messages.js';

describe('base subject (RFC 5256 2.1)', () => {
  it('removes reply and forward markers, list tags and trailers, and says whether it did', () => {
    expect(baseSubject('Réunion')).toEqual({ key: 'RéUNION', isReplyOrForward: false });
    expect(baseSubject('Re: Réunion')).toEqual({ key: 'RéUNION', isReplyOrForward: true });
    expect(baseSubject('RE : Fwd: re:réunion')).toMatchObject({ key: 'RéUNION', isReplyOrForward: true });
    expect(baseSubject('[ecoles-13] Re: [ecoles-13] Sortie  du\tjeudi (fwd)')).toEqual({ key: 'SORTIE DU JEUDI', isReplyOrForward: true });
    expect(baseSubject('[Fwd: Re: Sortie]')).toEqual({ key: 'SORTIE', isReplyOrForward: true });
    expect(baseSubject('Re[2]: Sortie')).toEqual({ key: 'SORTIE', isReplyOrForward: true });
    // A blob is kept when nothing would remain after it.
    expect(baseSubject('[ecoles-13]')).toEqual({ key: '[ECOLES-13]', isReplyOrForward: false });
    expect(baseSubject('   ')).toEqual({ key: '', isReplyOrForward: false });
  });
});

describe('THREAD=REFERENCES algorithm', () => {
  const message = (id: number, date: number, subject: string, messageId: string | null, references: string[] = []): ThreadMessage => {
    const base = baseSubject(subject);
    return { id, seq: id, date, subjectKey: base.key, reply: base.isReplyOrForward, messageId, references };
  };

  it('formats threads as RFC 5256 5 does: (2)(3 6 (4 23)(44 7 96))', () => {
    const leaf = (id: number, ...children: ThreadNode[]): ThreadNode => ({ id, children });
    const threads = [leaf(2), leaf(3, leaf(6, leaf(4, leaf(23)), leaf(44, leaf(7, leaf(96)))))];
    expect(formatThreads(threads)).toBe('(2)(3 6 (4 23)(44 7 96))');
    expect(formatThreads([{ id: null, children: [leaf(3), leaf(5)] }])).toBe('((3)(5))');
    expect(formatThreads([])).toBe('');
  });

  it('links by References, keeps dummy roots with several children, gathers by subject and sorts by date', () => {
    const threads = threadByReferences([
      message(1, 100, 'Sortie', 'a@x'),
      message(2, 200, 'Re: Sortie', 'b@x', ['a@x']),
      message(3, 150, 'Cantine', 'c@x'),
      message(4, 300, 'Re: Sortie', 'd@x', ['a@x', 'b@x']),
      message(5, 250, 'Re: Cantine', 'e@x', ['c@x']),
      message(6, 400, 'Budget', 'f@x', ['lost@x']),
      message(7, 450, 'Re: Budget', 'g@x', ['lost@x']),
      // A reply whose client dropped the references: found by its subject.
      message(8, 500, 'RE: Sortie', 'h@x'),
      // The same Message-ID twice: the second is threaded as a message without one.
      message(9, 50, 'Divers', 'a@x'),
    ]);
    expect(formatThreads(threads)).toBe('(9)(1 (2 4)(8))(3 5)((6)(7))');
  });

  it('promotes the single child of a missing root, and breaks reference loops', () => {
    const threads = threadByReferences([
      message(1, 100, 'Un', 'a@x', ['missing@x']),
      message(2, 200, 'Deux', 'b@x', ['c@x']),
      message(3, 300, 'Trois', 'c@x', ['b@x']),
    ]);
    // 2 became 3's child first; 3 naming 2 as its parent would close a loop, so it is ignored.
    expect(formatThreads(threads)).toBe('(1)(3 2)');
  });

  it('breaks a presumed parent off before refusing a link that would loop (RFC 5256 4 step 1B)', () => {
    const threads = threadByReferences([
      message(1, 300, 'Un', 'a@x'),
      // Makes c a child of a (step 1A), and b a child of c.
      message(2, 200, 'Deux', 'b@x', ['a@x', 'c@x']),
      // c names b as its parent: that would loop, but its presumed parent a is dropped all the same.
      message(3, 100, 'Trois', 'c@x', ['b@x']),
    ]);
    expect(formatThreads(threads)).toBe('(3 2)(1)');
  });

  it('handles reply chains thousands of messages deep without exhausting the stack', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => message(i + 1, i, 'Re: Fil long', `m${i}@x`, i === 0 ? [] : [`m${i - 1}@x`]));
    const text = formatThreads(threadByReferences(chain));
    expect(text.startsWith('(1 2 3 ')).toBe(true);
    expect(text.endsWith(' 19999 20000)')).toBe(true);
  });
});

describe('SORT and THREAD commands', () => {
  let bed: MessageTestbed;
  beforeEach(async () => {
    bed = await MessageTestbed.start();
    const put = (m: Parameters<typeof textMessage>[0], internal: string, body = 'x\r\n') =>
      bed.put(textMessage({ ...m, body }), { internalDate: new Date(internal) });
    put({ subject: 'Sortie au musée', from: 'Zoé <zoe@ac-aix-marseille.fr>', to: 'b@x.fr', cc: 'c@x.fr', date: 'Mon, 3 Feb 2025 10:00:00 +0100', messageId: '<s1@x>' }, '2025-02-05T00:00:00Z');
    put({ subject: 'Re: Sortie au musée', from: 'alain@ac-aix-marseille.fr', to: 'a@x.fr', date: 'Tue, 4 Feb 2025 10:00:00 +0100', messageId: '<s2@x>', references: '<s1@x>' }, '2025-02-04T00:00:00Z', 'x'.repeat(500));
    put({ subject: 'Cantine', from: 'Marc <marc@ac-aix-marseille.fr>', to: 'c@x.fr', cc: 'a@x.fr', date: 'Sat, 1 Feb 2025 10:00:00 +0100', messageId: '<c1@x>' }, '2025-02-06T00:00:00Z', 'x'.repeat(100));
    put({ subject: '[liste] Budget', from: 'Bruno <bruno@ac-aix-marseille.fr>', to: 'b@x.fr', date: 'Sun, 2 Feb 2025 10:00:00 +0100', messageId: '<b1@x>' }, '2025-02-01T00:00:00Z', 'x'.repeat(50));
  });
  afterEach(async () => bed.stop());

  it('sorts by each RFC 5256 key, REVERSE included, ties in sequence order', async () => {
    const imap = await bed.raw('INBOX');
    const sort = async (criteria: string, keys = 'ALL') => (await imap.command(`s SORT (${criteria}) UTF-8 ${keys}`))[0];
    expect(await sort('ARRIVAL')).toBe('* SORT 4 2 1 3');
    expect(await sort('DATE')).toBe('* SORT 3 4 1 2');
    expect(await sort('REVERSE DATE')).toBe('* SORT 2 1 4 3');
    expect(await sort('SIZE')).toBe('* SORT 1 4 3 2');
    expect(await sort('SUBJECT')).toBe('* SORT 4 3 1 2'); // BUDGET, CANTINE, SORTIE AU MUSéE x2 (sequence order)
    expect(await sort('FROM')).toBe('* SORT 2 4 3 1'); // alain, bruno, marc, zoe
    expect(await sort('TO')).toBe('* SORT 2 1 4 3'); // a, b, b, c
    expect(await sort('CC')).toBe('* SORT 2 4 3 1'); // (none), (none), a, c
    expect(await sort('SUBJECT REVERSE SIZE')).toBe('* SORT 4 3 2 1');
    expect(await sort('DATE', 'SUBJECT sortie')).toBe('* SORT 1 2');
    expect((await imap.command('u UID SORT (REVERSE ARRIVAL) UTF-8 ALL'))[0]).toBe('* SORT 3 1 2 4');
  });

  it('sorts FROM, TO and CC on the first ENVELOPE address: a group by its name (RFC 5256 3: "[IMAP] addr-mailbox")', async () => {
    const put = (cc: string) => bed.put(textMessage({ subject: 'Copie', cc, body: 'x\r\n' }));
    put('ab-liste: zoe@x.fr, yves@x.fr;'); // 5: AB-LISTE, not ZOE
    put('"Martin, Anne" <anne@x.fr>'); // 6: ANNE, not the name's first word
    put('Bruno <bruno@x.fr>'); // 7
    const imap = await bed.raw('INBOX');
    const sort = async (criteria: string) => (await imap.command(`s SORT (${criteria}) UTF-8 ALL`))[0];
    // (none), (none), a, ab-liste, anne, bruno, c
    expect(await sort('CC')).toBe('* SORT 2 4 3 5 6 7 1');
    expect(await sort('REVERSE CC')).toBe('* SORT 1 7 6 5 3 2 4');
  });

  it('answers BAD for unknown sort keys and NO [BADCHARSET] for unknown charsets', async () => {
    const imap = await bed.raw('INBOX');
    expect((await imap.command('b1 SORT (COLOR) UTF-8 ALL')).at(-1)).toMatch(/^b1 BAD/);
    expect((await imap.command('b2 SORT () UTF-8 ALL')).at(-1)).toMatch(/^b2 BAD/);
    expect((await imap.command('b3 SORT (DATE) ISO-2022-JP ALL')).at(-1)).toMatch(/^b3 NO \[BADCHARSET/);
    expect((await imap.command('b4 THREAD ORDEREDSUBJECT UTF-8 ALL')).at(-1)).toMatch(/^b4 BAD/);
  });

  it('threads by references and subject, with sequence numbers or UIDs', async () => {
    const imap = await bed.raw('INBOX');
    expect(await imap.command('t1 THREAD REFERENCES UTF-8 ALL')).toEqual(['* THREAD (3)(4)(1 2)', expect.stringMatching(/^t1 OK/)]);
    await imap.command('t2 STORE 3 +FLAGS.SILENT (\\Deleted)');
    await imap.command('t3 EXPUNGE');
    expect((await imap.command('t4 UID THREAD REFERENCES UTF-8 UNDELETED'))[0]).toBe('* THREAD (4)(1 2)');
    expect((await imap.command('t5 THREAD REFERENCES UTF-8 SUBJECT cantine'))[0]).toBe('* THREAD');
  });

  it('sorts and threads a thousand messages', async () => {
    putMany(bed, Array.from({ length: 1000 }, (_, i) => textMessage({ subject: `Fil ${i % 10}`, messageId: `<n${i}@x>`, references: i >= 10 ? `<n${i - 10}@x>` : undefined })));
    const imap = await bed.raw('INBOX');
    const sorted = (await imap.command('s1 SORT (SUBJECT) UTF-8 ALL'))[0]!;
    expect(sorted.split(' ')).toHaveLength(2 + 1004);
    const threads = (await imap.command('s2 THREAD REFERENCES UTF-8 SUBJECT fil'))[0]!;
    expect(threads.match(/\(/g)).toHaveLength(10);
  });
});

describe('base subject bounds', () => {
  it('stays linear on hostile subjects', () => {
    expect(baseSubject(`${'Re: '.repeat(20_000)}Sortie`)).toMatchObject({ key: '' });
    expect(baseSubject(`${'[a]'.repeat(20_000)}x`).isReplyOrForward).toBe(false);
    expect(baseSubject(`${'Re: '.repeat(10)}Sortie`)).toEqual({ key: 'SORTIE', isReplyOrForward: true });
  });
});

describe('THREAD over IMAP with reference loops', () => {
  let bed: MessageTestbed;
  beforeEach(async () => {
    bed = await MessageTestbed.start();
  });
  afterEach(async () => bed.stop());
  // Subjects of their own: step 6 would otherwise gather the roots under one dummy.
  const put = (messageId: string, references: string | undefined, date: string) =>
    bed.put(textMessage({ subject: `Fil ${messageId}`, messageId, references, date, body: 'x\r\n' }));

  it('answers (3 2)(1) when a message drops its presumed parent and refuses a looping link', async () => {
    put('<a@x>', undefined, 'Mon, 3 Feb 2025 12:00:00 +0100');
    put('<b@x>', '<a@x> <c@x>', 'Mon, 3 Feb 2025 11:00:00 +0100');
    put('<c@x>', '<b@x>', 'Mon, 3 Feb 2025 10:00:00 +0100');
    const imap = await bed.raw('INBOX');
    expect(await imap.command('t1 THREAD REFERENCES UTF-8 ALL')).toEqual(['* THREAD (3 2)(1)', expect.stringMatching(/^t1 OK/)]);
  });

  it('keeps the first link of a References chain that a later message would turn into a loop', async () => {
    put('<a@x>', undefined, 'Mon, 3 Feb 2025 12:00:00 +0100');
    put('<b@x>', '<c@x> <a@x>', 'Mon, 3 Feb 2025 10:00:00 +0100');
    put('<c@x>', '<b@x>', 'Mon, 3 Feb 2025 11:00:00 +0100');
    const imap = await bed.raw('INBOX');
    // c is the parent of a (first link of 2's chain), a of b; c naming b would close the loop.
    expect((await imap.command('t1 THREAD REFERENCES UTF-8 ALL'))[0]).toBe('* THREAD (3 1 2)');
  });
});
