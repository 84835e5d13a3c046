// SEARCH and UID SEARCH: every RFC 3501 key group, answered from the indexes for text (accents,
// partial addresses), ESEARCH return options and SAVE / `$`, CONDSTORE's MODSEQ, and the folder
// and account boundaries of the shared indexes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { MAX_TEXT_KEYS } from '../../../src/imap/search-eval.js';
import { MessageTestbed, putMessage, textMessage } from '../../helpers/imap-messages.js';

let bed: MessageTestbed;
let client: ImapFlow;

const DAY = 24 * 3600 * 1000;

/**
 * UID 1: Réunion de rentrée, from Jean Dupont, seen, 1 Sep 2024
 * UID 2: Sortie scolaire, from Marc Lefèvre (cc: Charlotte), flagged + keyword urgent, 15 Jan 2025
 * UID 3: RE: réunion, from directrice, answered, big, bcc to the IEN, 1 Feb 2025
 * UID 4: Note, from a parent, deleted + draft, header X-Priority, 2 Feb 2025, no Date: header
 */
function fill(): void {
  bed.put(
    textMessage({ subject: 'Réunion de rentrée', date: 'Sun, 1 Sep 2024 09:00:00 +0200', messageId: '<rentree@ac-aix-marseille.fr>', body: 'Ordre du jour : les effectifs de l’école.\r\n' }),
    { flags: ['\\Seen'], internalDate: new Date('2024-09-01T10:00:00Z') },
  );
  bed.put(
    textMessage({
      subject: 'Sortie scolaire',
      from: 'Marc Lefèvre <marc.lefevre@ac-aix-marseille.fr>',
      cc: 'Charlotte Habotté <charlotte.habotte@ac-aix-marseille.fr>',
      date: 'Wed, 15 Jan 2025 10:00:00 +0100',
      body: 'Le car part à 8 h 30 pour le musée.\r\n',
    }),
    { flags: ['\\Flagged', 'urgent'], internalDate: new Date('2025-01-15T10:00:00Z') },
  );
  bed.put(
    textMessage({
      subject: 'RE: réunion',
      from: 'La directrice <directrice.ecole@ac-aix-marseille.fr>',
      bcc: 'ien.marseille@ac-aix-marseille.fr',
      date: 'Sat, 1 Feb 2025 18:00:00 +0100',
      body: `Voici le compte rendu.\r\n${'Ligne de remplissage pour la taille.\r\n'.repeat(200)}`,
    }),
    { flags: ['\\Answered'], internalDate: new Date('2025-02-01T18:00:00Z') },
  );
  const noDate = Buffer.from(
    'From: Parent <parent.eleve@gmail.com>\r\nTo: charlotte.habotte@ac-aix-marseille.fr\r\nSubject: Note\r\nX-Priority: 1 (Highest)\r\n\r\nMon fils sera absent.\r\n',
  );
  bed.put(noDate, { flags: ['\\Deleted', '\\Draft'], internalDate: new Date('2025-02-02T12:00:00Z') });
}

beforeAll(() => {
  // Calendar dates are taken in the server's zone; pin it so the expectations hold anywhere.
  process.env.TZ = 'UTC';
});
// Test files share a process (vitest.config.ts, isolate: false): the next one gets the zone back.
const zoneBefore = process.env.TZ;
afterAll(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});
beforeEach(async () => {
  bed = await MessageTestbed.start();
  fill();
  client = await bed.client();
  await client.mailboxOpen('INBOX');
});
afterEach(async () => bed.stop());

const search = (query: Parameters<ImapFlow['search']>[0]) => client.search(query, { uid: true });

describe('SEARCH text keys, from the indexes', () => {
  it('finds SUBJECT words whatever their case and accents, and parts of words', async () => {
    expect(await search({ subject: 'réunion' })).toEqual([1, 3]);
    expect(await search({ subject: 'REUNION' })).toEqual([1, 3]);
    expect(await search({ subject: 'union de rent' })).toEqual([1]);
    expect(await search({ subject: 'scolaire' })).toEqual([2]);
    expect(await search({ subject: 'absent' })).toEqual([]);
  });

  it('finds FROM, TO, CC and BCC by part of an address or of a name', async () => {
    expect(await search({ from: 'dupont' })).toEqual([1]);
    expect(await search({ from: 'lefevre@ac-aix' })).toEqual([2]);
    expect(await search({ from: 'Lefèvre' })).toEqual([2]);
    expect(await search({ from: 'directrice.ecole' })).toEqual([3]);
    expect(await search({ to: 'habotte' })).toEqual([1, 2, 3, 4]);
    expect(await search({ cc: 'charlotte' })).toEqual([2]);
    expect(await search({ bcc: 'ien.mars' })).toEqual([3]);
    expect(await search({ from: 'gmail.com' })).toEqual([4]);
  });

  it('finds TO and CC by a group’s name as well as by its members (RFC 5322 3.4 group syntax)', async () => {
    bed.put(Buffer.from('From: a@ac-test.fr\r\nTo: Équipe pédagogique: zoe@x.fr, yves@x.fr;, parents: p@x.fr;\r\nSubject: Groupes\r\n\r\nCorps\r\n'));
    expect(await search({ to: 'equipe pedagogique' })).toEqual([5]);
    expect(await search({ to: 'parents' })).toEqual([5]);
    expect(await search({ to: 'yves@' })).toEqual([5]);
    expect(await search({ cc: 'parents' })).toEqual([]);
  });

  it('answers needles shorter than a trigram by scanning the folder', async () => {
    expect(await search({ subject: 'RE' })).toEqual([1, 2, 3]); // rentrée, scolaire, RE:
    expect(await search({ subject: 'No' })).toEqual([4]);
    expect(await search({ from: '@' })).toEqual([1, 2, 3, 4]);
  });

  it('finds BODY and TEXT as substrings, inside words too, and TEXT in every header field (RFC 3501 6.4.4)', async () => {
    bed.put(textMessage({ subject: 'Clavier', headers: ['X-Header: qwertyuiop'], body: 'La ligne asdfghjkl du clavier.\r\n' }));
    expect(await search({ body: 'sdfghjk' })).toEqual([5]);
    expect(await search({ text: 'sdfghjk' })).toEqual([5]);
    expect(await search({ text: 'ertyu' })).toEqual([5]);
    expect(await search({ body: 'ertyu' })).toEqual([]);
    // Across a word boundary and with punctuation, as written.
    expect(await search({ body: 'jour : les eff' })).toEqual([1]);
    expect(await search({ text: 'X-Priority: 1' })).toEqual([4]);
  });

  it('answers BODY and TEXT needles shorter than a trigram, or longer than the index takes, by reading the messages', async () => {
    expect(await search({ body: 'LS' })).toEqual([4]); // « Mon fils »
    expect(await search({ body: 'h 3' })).toEqual([2]); // « 8 h 30 »
    expect(await search({ text: 'Xé' })).toEqual([]);
    const line = Array.from({ length: 150 }, (_, i) => `mot${i}`).join(' ');
    bed.put(textMessage({ subject: 'Longue ligne', body: `${line}\r\n` }));
    expect(await search({ body: line.slice(100, 900) })).toEqual([5]);
    expect(await search({ body: `${line.slice(100, 800)} introuvable` })).toEqual([]);
  });

  it('finds BODY and TEXT words, accent- and case-insensitively, as word prefixes', async () => {
    expect(await search({ body: 'ecole' })).toEqual([1]);
    expect(await search({ body: 'MUSÉE' })).toEqual([2]);
    expect(await search({ body: 'compte rendu' })).toEqual([3]);
    expect(await search({ body: 'effect' })).toEqual([1]);
    expect(await search({ body: 'réunion' })).toEqual([]);
    // TEXT looks at the header too: the subject, and addresses.
    expect(await search({ text: 'réunion' })).toEqual([1, 3]);
    expect(await search({ text: 'absent' })).toEqual([4]);
    expect(await search({ text: 'lefevre' })).toEqual([2]);
  });

  it('searches any other header field with HEADER, and an empty value asks for its presence', async () => {
    expect(await search({ header: { 'x-priority': 'highest' } })).toEqual([4]);
    expect(await search({ header: { 'x-priority': '' } })).toEqual([4]);
    expect(await search({ header: { 'message-id': 'rentree@' } })).toEqual([1]);
    expect(await search({ header: { subject: 'sortie' } })).toEqual([2]);
  });

  it('matches HEADER field "" only on messages that have the field, empty or not (RFC 3501 6.4.4)', async () => {
    bed.put(Buffer.from('From: a@ac-test.fr\r\nSubject:\r\n\r\nSujet vide.\r\n'));
    bed.put(Buffer.from('From: b@ac-test.fr\r\nTo: c@ac-test.fr\r\n\r\nSans sujet.\r\n'));
    const imap = await bed.raw('INBOX');
    const answer = async (tag: string, key: string) => (await imap.command(`${tag} SEARCH ${key}`)).find((l) => l.startsWith('* SEARCH'));
    expect(await answer('h1', 'HEADER SUBJECT ""')).toBe('* SEARCH 1 2 3 4 5');
    expect(await answer('h2', 'NOT HEADER SUBJECT ""')).toBe('* SEARCH 6');
    expect(await answer('h3', 'HEADER TO ""')).toBe('* SEARCH 1 2 3 4 6');
    expect(await answer('h4', 'HEADER CC ""')).toBe('* SEARCH 2');
    expect(await answer('h5', 'HEADER MESSAGE-ID ""')).toBe('* SEARCH 1');
  });

  it('accepts CHARSET UTF-8 with a literal and refuses other charsets with NO [BADCHARSET]', async () => {
    const imap = await bed.raw('INBOX');
    const needle = Buffer.from('rentrée', 'utf8');
    imap.send(`s1 UID SEARCH CHARSET UTF-8 SUBJECT {${needle.length}}\r\n`);
    await imap.until((line) => line.startsWith('+'));
    imap.send(Buffer.concat([needle, Buffer.from('\r\n')]));
    expect(await imap.until((line) => line.startsWith('s1 '))).toEqual(['* SEARCH 1', expect.stringMatching(/^s1 OK/)]);
    expect((await imap.command('s2 SEARCH CHARSET KOI8-R SUBJECT x')).at(-1)).toMatch(/^s2 NO \[BADCHARSET \(UTF-8 US-ASCII\)\]/);
  });
});

describe('SEARCH flag, date, size and set keys', () => {
  it('matches system flags, keywords, NEW, OLD and RECENT', async () => {
    expect(await search({ seen: true })).toEqual([1]);
    expect(await search({ seen: false })).toEqual([2, 3, 4]);
    expect(await search({ flagged: true })).toEqual([2]);
    expect(await search({ answered: true })).toEqual([3]);
    expect(await search({ deleted: true })).toEqual([4]);
    expect(await search({ draft: true })).toEqual([4]);
    expect(await search({ deleted: false, draft: false })).toEqual([1, 2, 3]);
    expect(await search({ keyword: 'URGENT' })).toEqual([2]);
    expect(await search({ unKeyword: 'urgent' })).toEqual([1, 3, 4]);
    // This session selected INBOX first: all four are \Recent for it.
    expect(await search({ recent: true })).toEqual([1, 2, 3, 4]);
    expect(await search({ new: true })).toEqual([2, 3, 4]);
    expect(await search({ old: true })).toEqual([]);
  });

  it('compares internal dates (BEFORE, ON, SINCE) and sent dates (SENT*), by calendar day', async () => {
    expect(await search({ before: new Date('2025-01-15') })).toEqual([1]);
    expect(await search({ on: new Date('2025-01-15') })).toEqual([2]);
    expect(await search({ since: new Date('2025-02-01') })).toEqual([3, 4]);
    expect(await search({ sentBefore: new Date('2024-09-02') })).toEqual([1]);
    expect(await search({ sentOn: new Date('2025-02-01') })).toEqual([3]);
    // Message 4 has no Date: header: its internal date stands in.
    expect(await search({ sentSince: new Date('2025-02-02') })).toEqual([4]);
  });

  it('compares sizes with LARGER and SMALLER', async () => {
    expect(await search({ larger: 5000 })).toEqual([3]);
    expect(await search({ smaller: 5000 })).toEqual([1, 2, 4]);
  });

  it('combines keys with AND, OR, NOT and parentheses, and restricts by sequence and UID sets', async () => {
    expect(await search({ or: [{ flagged: true }, { answered: true }] })).toEqual([2, 3]);
    expect(await search({ not: { subject: 'réunion' } })).toEqual([2, 4]);
    expect(await search({ subject: 'réunion', seen: false })).toEqual([3]);
    expect(await search({ uid: '2:*' })).toEqual([2, 3, 4]);
    const imap = await bed.raw('INBOX');
    expect((await imap.command('k1 SEARCH 2:3 (OR SEEN FLAGGED) NOT DELETED'))[0]).toBe('* SEARCH 2');
    expect((await imap.command('k2 SEARCH UID 3:* ALL'))[0]).toBe('* SEARCH 3 4');
    expect((await imap.command('k3 SEARCH YOUNGER 1'))[0]).toBe('* SEARCH');
    expect((await imap.command(`k4 SEARCH OLDER ${Math.round(DAY / 1000)}`))[0]).toBe('* SEARCH 1 2 3 4');
  });
});

describe('SEARCH results: ESEARCH, SAVE and $, MODSEQ', () => {
  it('answers RETURN (MIN MAX COUNT ALL) with one ESEARCH line (RFC 4731)', async () => {
    const imap = await bed.raw('INBOX');
    expect((await imap.command('e1 UID SEARCH RETURN (MIN MAX COUNT ALL) NOT SEEN'))[0]).toBe(
      '* ESEARCH (TAG "e1") UID MIN 2 MAX 4 COUNT 3 ALL 2:4',
    );
    expect((await imap.command('e2 SEARCH RETURN (COUNT) FLAGGED'))[0]).toBe('* ESEARCH (TAG "e2") COUNT 1');
    // RFC 4731 3.1: RETURN () is RETURN (ALL); no match leaves out MIN, MAX and ALL.
    expect((await imap.command('e3 SEARCH RETURN () 1,3'))[0]).toBe('* ESEARCH (TAG "e3") ALL 1,3');
    expect((await imap.command('e4 SEARCH RETURN (MIN ALL COUNT) SUBJECT absent'))[0]).toBe('* ESEARCH (TAG "e4") COUNT 0');
  });

  it('saves a result with RETURN (SAVE) for `$` in later commands (RFC 5182)', async () => {
    const imap = await bed.raw('INBOX');
    // SAVE alone answers nothing but the tagged OK.
    expect(await imap.command('v1 SEARCH RETURN (SAVE) OR FLAGGED ANSWERED')).toEqual([expect.stringMatching(/^v1 OK/)]);
    expect(await imap.command('v2 FETCH $ (UID)')).toEqual(['* 2 FETCH (UID 2)', '* 3 FETCH (UID 3)', expect.stringMatching(/^v2 OK/)]);
    expect((await imap.command('v3 UID SEARCH $ SMALLER 5000'))[0]).toBe('* SEARCH 2');
    // With MIN only, only the minimum is saved (RFC 5182 2.4).
    expect((await imap.command('v4 SEARCH RETURN (SAVE MIN) ALL'))[0]).toBe('* ESEARCH (TAG "v4") MIN 1');
    expect((await imap.command('v5 UID SEARCH $'))[0]).toBe('* SEARCH 1');
    // A failed SEARCH ... SAVE empties `$` (RFC 5182 2.1).
    expect((await imap.command('v6 SEARCH RETURN (SAVE) FROBNICATE')).at(-1)).toMatch(/^v6 BAD/);
    expect((await imap.command('v7 SEARCH $'))[0]).toBe('* SEARCH');
  });

  it('answers MODSEQ searches with the highest mod-sequence of the matches (RFC 7162 3.1.5)', async () => {
    const imap = await bed.raw('INBOX');
    await imap.command('m0 STORE 2 +FLAGS.SILENT (\\Seen)');
    const after = (await imap.command('m1 FETCH 2 (MODSEQ)')).find((line) => line.startsWith('* 2 FETCH'))!;
    const modseq = Number(/MODSEQ \((\d+)\)/.exec(after)![1]);
    expect((await imap.command(`m2 SEARCH MODSEQ ${modseq}`))[0]).toBe(`* SEARCH 2 (MODSEQ ${modseq})`);
    expect((await imap.command(`m3 SEARCH RETURN (COUNT) MODSEQ ${modseq}`))[0]).toBe(`* ESEARCH (TAG "m3") COUNT 1 MODSEQ ${modseq}`);
    expect((await imap.command(`m4 SEARCH MODSEQ ${modseq + 1}`))[0]).toBe('* SEARCH');
  });

  it('gives RETURN (MIN) / (MAX) the mod-sequence of the message it names, not of every match (RFC 4731 3.2)', async () => {
    const imap = await bed.raw('INBOX');
    const modseqOf = async (tag: string, seq: number) =>
      Number(/MODSEQ \((\d+)\)/.exec((await imap.command(`${tag} FETCH ${seq} (MODSEQ)`)).join(' '))![1]);
    // Message 3 changed last: it holds the highest mod-sequence of the folder.
    await imap.command('m0 STORE 3 +FLAGS.SILENT (\\Flagged)');
    const [first, last] = [await modseqOf('f1', 1), await modseqOf('f4', 4)];
    const third = await modseqOf('f3', 3);
    expect(third).toBeGreaterThan(Math.max(first, last));
    expect((await imap.command('m1 SEARCH RETURN (MIN) MODSEQ 1'))[0]).toBe(`* ESEARCH (TAG "m1") MIN 1 MODSEQ ${first}`);
    expect((await imap.command('m2 SEARCH RETURN (MAX) MODSEQ 1'))[0]).toBe(`* ESEARCH (TAG "m2") MAX 4 MODSEQ ${last}`);
    expect((await imap.command('m3 SEARCH RETURN (MIN MAX) MODSEQ 1'))[0]).toBe(
      `* ESEARCH (TAG "m3") MIN 1 MAX 4 MODSEQ ${Math.max(first, last)}`,
    );
    expect((await imap.command('m4 SEARCH RETURN (MIN ALL) MODSEQ 1'))[0]).toBe(`* ESEARCH (TAG "m4") MIN 1 ALL 1:4 MODSEQ ${third}`);
  });
});

describe('SEARCH boundaries', () => {
  it('never finds another folder’s or another account’s messages, though the indexes are shared', async () => {
    const other = bed.webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre' });
    putMessage(bed.webmel, other.id, textMessage({ subject: 'Réunion secrète', body: 'confidentiel' }));
    bed.put(textMessage({ subject: 'Réunion archivée', body: 'confidentiel' }), { mailbox: 'Archives' });
    expect(await search({ body: 'confidentiel' })).toEqual([]);
    expect(await search({ subject: 'secrète' })).toEqual([]);
    expect(await search({ subject: 'réunion' })).toEqual([1, 3]);
    await client.mailboxOpen('Archives');
    expect(await search({ subject: 'réunion' })).toEqual([1]);
  });

  it('refuses more than MAX_TEXT_KEYS text criteria with NO [LIMIT], and reads headers once for many HEADER keys', async () => {
    const imap = await bed.raw('INBOX');
    const many = Array.from({ length: MAX_TEXT_KEYS + 1 }, (_, i) => `SUBJECT mot${i}`).join(' ');
    expect((await imap.command(`l1 SEARCH ${many}`)).at(-1)).toMatch(/^l1 NO \[LIMIT\] /);
    const headers = Array.from({ length: 20 }, (_, i) => `HEADER X-Champ-${i} valeur`).join(' ');
    expect((await imap.command(`l2 SEARCH OR HEADER X-Priority 1 (${headers})`))[0]).toBe('* SEARCH 4');
  });

  it('sees messages another session flagged before answering', async () => {
    const other = await bed.raw('INBOX');
    await other.command('o1 STORE 4 +FLAGS.SILENT (\\Flagged)');
    expect(await search({ flagged: true })).toEqual([2, 4]);
  });
});
