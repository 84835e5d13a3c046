// SELECT / EXAMINE, CREATE / RENAME / DELETE, SUBSCRIBE / UNSUBSCRIBE / LSUB, NAMESPACE, ID and
// ENABLE, with imapflow as the client and a raw socket for the exact responses it hides.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { INBOX } from '../../src/store/mail-store.js';
import { RawImap, useImapTestBed } from '../helpers/imap.js';
import type { TestWebmel } from '../helpers/webmel.js';

const bed = useImapTestBed();
const { raws } = bed;
let webmel: TestWebmel;
let charlotte: Account;
let numen: string;
beforeEach(() => {
  ({ webmel, charlotte, numen } = bed);
});
const connect = () => bed.connect();
/** A raw session, logged in. */
const raw = (port?: number) => bed.raw(port);

function deliver(subject: string, account = charlotte): void {
  const message = `From: Rectorat <dpe@ac-paris.fr>\r\nTo: ${account.address}\r\nSubject: ${subject}\r\n\r\nCorps.\r\n`;
  webmel.services.delivery.deliver(Buffer.from(message), 'dpe@ac-paris.fr', [account]);
}

/** RawImap reads bytes as latin1: our French response texts, as it shows them. */
function wire(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function setSeen(uid: number): void {
  const { store } = webmel.services;
  store.storeFlags(store.getMailbox(charlotte.id, INBOX).id, [uid], 'add', 1, []);
}

describe('SELECT and EXAMINE', () => {
  it('opens INBOX read-write with imapflow: counts, UIDVALIDITY, UIDNEXT, flags and HIGHESTMODSEQ', async () => {
    deliver('un');
    deliver('deux');
    const client = await connect();
    const mailbox = await client.mailboxOpen(INBOX);
    const stored = webmel.services.store.getMailbox(charlotte.id, INBOX);
    expect(mailbox.exists).toBe(2);
    expect(mailbox.readOnly).toBe(false);
    expect(Number(mailbox.uidValidity)).toBe(stored.uidValidity);
    expect(mailbox.uidNext).toBe(3);
    expect(mailbox.highestModseq).toBe(BigInt(stored.highestModseq));
    expect([...mailbox.flags]).toEqual(expect.arrayContaining(['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft']));
    expect(mailbox.permanentFlags?.has('\\*')).toBe(true);
  });

  it('answers SELECT with every RFC 3501 response, the first unseen message and [READ-WRITE]', async () => {
    deliver('un');
    deliver('deux');
    deliver('trois');
    setSeen(1);
    const imap = await raw();
    const lines = await imap.command('s1 SELECT INBOX');
    const { uidValidity, highestModseq } = webmel.services.store.getMailbox(charlotte.id, INBOX);
    expect(lines).toEqual([
      '* 3 EXISTS',
      '* 3 RECENT',
      '* OK [UNSEEN 2] Premier message non lu',
      `* OK [UIDVALIDITY ${uidValidity}] Identifiants valides`,
      wire('* OK [UIDNEXT 4] Prochain identifiant prévu'),
      '* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)',
      '* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft \\*)] Drapeaux permanents',
      wire(`* OK [HIGHESTMODSEQ ${highestModseq}] Plus haute séquence de modification`),
      wire('s1 OK [READ-WRITE] SELECT terminé'),
    ]);
  });

  it('gives \\Recent to the first session only, and EXAMINE shows it without taking it', async () => {
    deliver('un');
    const examiner = await raw();
    expect(await examiner.command('e1 EXAMINE INBOX')).toContain('* 1 RECENT');
    expect((await examiner.command('e2 FETCH 1 (FLAGS)'))[0]).toBe('* 1 FETCH (FLAGS (\\Recent))');
    const first = await raw();
    expect(await first.command('s1 SELECT INBOX')).toContain('* 1 RECENT');
    const second = await raw();
    expect(await second.command('s2 SELECT INBOX')).toContain('* 0 RECENT');
  });

  it('counts in STATUS RECENT the messages no session has been given yet (RFC 3501 6.3.10)', async () => {
    const imap = await raw();
    const message = 'Subject: nouveau\r\n\r\nCorps\r\n';
    await imap.command('c1 CREATE Boite');
    for (const tag of ['a1', 'a2']) {
      imap.send(`${tag} APPEND Boite {${message.length}}\r\n`);
      await imap.until((line) => line.startsWith('+'));
      imap.send(`${message}\r\n`);
      await imap.until((line) => line.startsWith(`${tag} `));
    }
    expect((await imap.command('s1 STATUS Boite (RECENT MESSAGES)'))[0]).toBe('* STATUS "Boite" (RECENT 2 MESSAGES 2)');
    const reader = await raw();
    expect(await reader.command('s2 SELECT Boite')).toContain('* 2 RECENT');
    // The reader has them now: nobody else will see them as \Recent.
    expect((await imap.command('s3 STATUS Boite (RECENT)'))[0]).toBe('* STATUS "Boite" (RECENT 0)');
    expect((await reader.command('s4 STATUS Boite (RECENT)'))[0]).toBe('* STATUS "Boite" (RECENT 2)');
  });

  it('announces keywords in use in FLAGS and PERMANENTFLAGS', async () => {
    deliver('un');
    const { store } = webmel.services;
    store.storeFlags(store.getMailbox(charlotte.id, INBOX).id, [1], 'add', 0, ['$Important']);
    const imap = await raw();
    const lines = await imap.command('s1 SELECT INBOX');
    expect(lines).toContain('* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $Important)');
    expect(lines.some((l) => l.startsWith('* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $Important \\*)]'))).toBe(true);
  });

  it('opens read-only with EXAMINE: empty PERMANENTFLAGS and [READ-ONLY]', async () => {
    const imap = await raw();
    const lines = await imap.command('e1 EXAMINE INBOX');
    expect(lines).toContain('* OK [PERMANENTFLAGS ()] Lecture seule');
    expect(lines.at(-1)).toMatch(/^e1 OK \[READ-ONLY\] EXAMINE/);
    const client = await connect();
    const mailbox = await client.mailboxOpen(INBOX, { readOnly: true });
    expect(mailbox.readOnly).toBe(true);
  });

  it('accepts the CONDSTORE parameter and SELECTs an international name sent in modified UTF-7', async () => {
    webmel.services.store.createMailbox(charlotte.id, 'Envoyés/Année 2024');
    const imap = await raw();
    const lines = await imap.command('s1 SELECT "Envoy&AOk-s/Ann&AOk-e 2024" (CONDSTORE)');
    expect(lines.at(-1)).toMatch(/^s1 OK \[READ-WRITE\]/);
    expect(lines.some((l) => l.startsWith('* OK [HIGHESTMODSEQ '))).toBe(true);
  });

  it('answers NO [NONEXISTENT] for an unknown folder, and leaves no folder selected', async () => {
    const imap = await raw();
    expect((await imap.command('s1 SELECT INBOX')).at(-1)).toMatch(/^s1 OK/);
    expect((await imap.command('s2 SELECT Nulle-part')).at(-1)).toMatch(/^s2 NO \[NONEXISTENT\] /);
    // RFC 3501 6.3.1: the failed SELECT deselected INBOX: CHECK needs the selected state.
    expect((await imap.command('s3 CHECK')).at(-1)).toMatch(/^s3 BAD /);
  });

  it('answers BAD to SELECT before login and to an unknown SELECT parameter', async () => {
    const imap = await RawImap.connect(webmel.ports.imap);
    raws.push(imap);
    expect((await imap.command('a1 SELECT INBOX')).at(-1)).toMatch(/^a1 BAD /);
    expect((await imap.command(`a2 LOGIN chabotte ${numen}`)).at(-1)).toMatch(/^a2 OK/);
    expect((await imap.command('a3 SELECT INBOX (QRESYNC (1 2))')).at(-1)).toMatch(/^a3 BAD /);
  });
});

describe('CREATE, RENAME and DELETE', () => {
  it('creates, renames and deletes folders with imapflow', async () => {
    const client = await connect();
    const created = await client.mailboxCreate('Projets');
    expect(created.created).toBe(true);
    await client.mailboxRename('Projets', 'Projets 2024');
    let names = (await client.list()).map((entry) => entry.path);
    expect(names).toContain('Projets 2024');
    expect(names).not.toContain('Projets');
    await client.mailboxDelete('Projets 2024');
    names = (await client.list()).map((entry) => entry.path);
    expect(names).not.toContain('Projets 2024');
  });

  it('creates the missing parents of a/b/c, and ignores a trailing delimiter', async () => {
    const imap = await raw();
    expect((await imap.command('c1 CREATE a/b/c')).at(-1)).toMatch(/^c1 OK/);
    expect((await imap.command('c2 CREATE owatagusiam/')).at(-1)).toMatch(/^c2 OK/);
    const names = webmel.services.store.listMailboxes(charlotte.id).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['a', 'a/b', 'a/b/c', 'owatagusiam']));
    expect(names).not.toContain('owatagusiam/');
  });

  it('stores an international name given in modified UTF-7, and creates with a special use', async () => {
    const imap = await raw();
    expect((await imap.command('c1 CREATE "Dossier &AOk-"')).at(-1)).toMatch(/^c1 OK/);
    expect(webmel.services.store.findMailbox(charlotte.id, 'Dossier é')).toBeTruthy();
    // RFC 6154 3 CREATE-SPECIAL-USE: one folder per use, and no virtual folders.
    expect((await imap.command('c2 CREATE Factures (USE (\\Trash))')).at(-1)).toMatch(/^c2 NO \[USEATTR\] /);
    expect((await imap.command('c3 CREATE Tout (USE (\\All))')).at(-1)).toMatch(/^c3 NO \[USEATTR\] /);
    webmel.services.store.deleteMailbox(charlotte.id, 'Archives');
    expect((await imap.command('c4 CREATE Classement (USE (\\Archive))')).at(-1)).toMatch(/^c4 OK/);
    expect(webmel.services.store.findMailbox(charlotte.id, 'Classement')?.specialUse).toBe('\\Archive');
    expect(webmel.services.store.findMailbox(charlotte.id, 'Tout')).toBeNull();
  });

  it('refuses with RFC 5530 codes: ALREADYEXISTS, NONEXISTENT, CANNOT', async () => {
    const imap = await raw();
    expect((await imap.command('c1 CREATE INBOX')).at(-1)).toMatch(/^c1 NO \[ALREADYEXISTS\] /);
    expect((await imap.command('c2 CREATE Archives')).at(-1)).toMatch(/^c2 NO \[ALREADYEXISTS\] /);
    expect((await imap.command('c3 CREATE "a*b"')).at(-1)).toMatch(/^c3 NO \[CANNOT\] /);
    expect((await imap.command('d1 DELETE Nulle-part')).at(-1)).toMatch(/^d1 NO \[NONEXISTENT\] /);
    expect((await imap.command('d2 DELETE INBOX')).at(-1)).toMatch(/^d2 NO \[CANNOT\] /);
    expect((await imap.command('d3 DELETE Corbeille')).at(-1)).toMatch(/^d3 NO \[CANNOT\] /);
    expect((await imap.command('r1 RENAME Nulle-part Ailleurs')).at(-1)).toMatch(/^r1 NO \[NONEXISTENT\] /);
    expect((await imap.command('r2 RENAME Archives Corbeille')).at(-1)).toMatch(/^r2 NO \[ALREADYEXISTS\] /);
    expect((await imap.command('r3 CREATE x')).at(-1)).toMatch(/^r3 OK/);
    expect((await imap.command('r4 RENAME x x/y')).at(-1)).toMatch(/^r4 NO \[CANNOT\] /);
    expect((await imap.command('b1 CREATE')).at(-1)).toMatch(/^b1 BAD /);
    expect((await imap.command('b2 RENAME seul')).at(-1)).toMatch(/^b2 BAD /);
  });

  it('gives a folder deleted and created again a greater UIDVALIDITY, even within the same second (RFC 3501 2.3.1.1)', async () => {
    const imap = await bed.raw();
    const validity = async (tag: string) => {
      const lines = await imap.command(`${tag} STATUS Projets (UIDVALIDITY)`);
      return Number(/UIDVALIDITY (\d+)/.exec(lines.join('\n'))![1]);
    };
    await imap.command('c1 CREATE Projets');
    const first = await validity('s1');
    await imap.command('d1 DELETE Projets');
    await imap.command('c2 CREATE Projets');
    const second = await validity('s2');
    await imap.command('d2 DELETE Projets');
    await imap.command('c3 CREATE Projets');
    expect(second).toBeGreaterThan(first);
    expect(await validity('s3')).toBeGreaterThan(second);
  });

  it('renames a folder with its sub-folders, creating the new parents', async () => {
    const { store } = webmel.services;
    store.createMailbox(charlotte.id, 'Cours');
    store.createMailbox(charlotte.id, 'Cours/Maths');
    const imap = await raw();
    expect((await imap.command('r1 RENAME Cours Archives/2024/Cours')).at(-1)).toMatch(/^r1 OK/);
    const names = store.listMailboxes(charlotte.id).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['Archives/2024', 'Archives/2024/Cours', 'Archives/2024/Cours/Maths']));
    expect(names).not.toContain('Cours');
  });

  it('moves the messages of INBOX when INBOX is renamed, and INBOX stays', async () => {
    deliver('un');
    deliver('deux');
    const client = await connect();
    await client.mailboxRename(INBOX, 'Ancienne boîte');
    expect(await client.status('Ancienne boîte', { messages: true })).toMatchObject({ messages: 2 });
    expect(await client.status(INBOX, { messages: true })).toMatchObject({ messages: 0 });
  });

  it('keeps sub-folders of a deleted folder, which then lists as \\Noselect', async () => {
    const { store } = webmel.services;
    store.createMailbox(charlotte.id, 'Cours');
    store.createMailbox(charlotte.id, 'Cours/Maths');
    const imap = await raw();
    expect((await imap.command('d1 DELETE Cours')).at(-1)).toMatch(/^d1 OK/);
    const lines = await imap.command('l2 LIST "" "Cours*"');
    expect(lines).toEqual([
      '* LIST (\\Noselect \\HasChildren) "/" "Cours"',
      '* LIST (\\HasNoChildren) "/" "Cours/Maths"',
      expect.stringMatching(/^l2 OK/),
    ]);
    // RFC 3501 6.3.4: deleting the \Noselect name is an error; selecting it too.
    expect((await imap.command('d2 DELETE Cours')).at(-1)).toMatch(/^d2 NO \[NONEXISTENT\] /);
    expect((await imap.command('s1 SELECT Cours')).at(-1)).toMatch(/^s1 NO \[NONEXISTENT\] /);
    // Creating it again is allowed.
    expect((await imap.command('c1 CREATE Cours')).at(-1)).toMatch(/^c1 OK/);
  });

  it('frees the space of a deleted folder and leaves it if it was selected', async () => {
    const { store } = webmel.services;
    const projets = store.createMailbox(charlotte.id, 'Projets');
    deliver('un');
    store.moveMessages(store.getMailbox(charlotte.id, INBOX), [1], projets);
    expect(store.usage(charlotte.id).usedBytes).toBeGreaterThan(0);
    const imap = await raw();
    expect((await imap.command('s1 SELECT Projets')).at(-1)).toMatch(/^s1 OK/);
    expect((await imap.command('d1 DELETE Projets')).at(-1)).toMatch(/^d1 OK/);
    expect(store.usage(charlotte.id).usedBytes).toBe(0);
    expect((await imap.command('c1 CHECK')).at(-1)).toMatch(/^c1 BAD /);
  });

  it('shows a folder created in one session to another', async () => {
    const first = await connect();
    const second = await connect();
    await first.mailboxCreate('Partagé');
    expect((await second.list()).map((entry) => entry.path)).toContain('Partagé');
  });
});

describe('SUBSCRIBE, UNSUBSCRIBE and LSUB', () => {
  it('subscribes and unsubscribes with imapflow', async () => {
    webmel.services.store.createMailbox(charlotte.id, 'Projets');
    const client = await connect();
    await client.mailboxUnsubscribe('Projets');
    let entry = (await client.list()).find((e) => e.path === 'Projets');
    expect(entry?.subscribed).toBeFalsy();
    await client.mailboxSubscribe('Projets');
    entry = (await client.list()).find((e) => e.path === 'Projets');
    expect(entry?.subscribed).toBe(true);
  });

  it('lists subscribed folders with LSUB, and unsubscribed parents as \\Noselect for %', async () => {
    const { store } = webmel.services;
    store.createMailbox(charlotte.id, 'Cours');
    store.createMailbox(charlotte.id, 'Cours/Maths');
    const imap = await raw();
    expect((await imap.command('u0 SUBSCRIBE Cours/Maths')).at(-1)).toMatch(/^u0 OK/);
    expect(await imap.command('l1 LSUB "" "Cours*"')).toEqual(['* LSUB () "/" "Cours/Maths"', expect.stringMatching(/^l1 OK/)]);
    expect(await imap.command('l2 LSUB "" "%"')).toContain('* LSUB (\\Noselect) "/" "Cours"');
    expect(await imap.command('l3 LSUB "Cours/" "%"')).toEqual(['* LSUB () "/" "Cours/Maths"', expect.stringMatching(/^l3 OK/)]);
    expect((await imap.command('s1 SUBSCRIBE Nulle-part')).at(-1)).toMatch(/^s1 NO \[NONEXISTENT\] /);
    expect((await imap.command('s2 SUBSCRIBE "Cours"')).at(-1)).toMatch(/^s2 OK/);
    expect(await imap.command('l4 LSUB "" "Cours"')).toEqual(['* LSUB () "/" "Cours"', expect.stringMatching(/^l4 OK/)]);
  });

  it('does not subscribe on CREATE (RFC 3501 6.3.3), and keeps a subscription when its folder is deleted', async () => {
    const imap = await raw();
    expect((await imap.command('c1 CREATE Projets')).at(-1)).toMatch(/^c1 OK/);
    expect(await imap.command('l1 LSUB "" "Projets"')).toEqual([expect.stringMatching(/^l1 OK/)]);
    expect(await imap.command('l2 LIST (SUBSCRIBED) "" "Projets"')).toEqual([expect.stringMatching(/^l2 OK/)]);
    await imap.command('s1 SUBSCRIBE Projets');
    expect((await imap.command('d1 DELETE Projets')).at(-1)).toMatch(/^d1 OK/);
    // RFC 3501 6.3.9: the server must not remove the name from the list on its own.
    expect(await imap.command('l3 LSUB "" "*"')).toContain('* LSUB (\\Noselect) "/" "Projets"');
    // RFC 5258 3: a subscribed name without a folder is listed as \NonExistent.
    expect(await imap.command('l4 LIST (SUBSCRIBED) "" "Projets"')).toEqual([
      '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" "Projets"',
      expect.stringMatching(/^l4 OK/),
    ]);
    expect((await imap.command('l5 LIST "" "*"')).some((l) => l.endsWith('"Projets"'))).toBe(false);
    expect((await imap.command('u1 UNSUBSCRIBE Projets')).at(-1)).toMatch(/^u1 OK/);
    expect(await imap.command('l6 LSUB "" "*"')).not.toContain('* LSUB (\\Noselect) "/" "Projets"');
    expect((await imap.command('u2 UNSUBSCRIBE Projets')).at(-1)).toMatch(/^u2 NO \[NONEXISTENT\]/);
  });

  it('moves the subscriptions of a renamed folder and of its sub-folders with them', async () => {
    const imap = await raw();
    await imap.command('c1 CREATE Cours/Maths');
    await imap.command('s1 SUBSCRIBE Cours');
    await imap.command('s2 SUBSCRIBE Cours/Maths');
    expect((await imap.command('r1 RENAME Cours Classes')).at(-1)).toMatch(/^r1 OK/);
    const lsub = await imap.command('l1 LSUB "" "*"');
    expect(lsub).toContain('* LSUB () "/" "Classes"');
    expect(lsub).toContain('* LSUB () "/" "Classes/Maths"');
    expect(lsub.some((l) => l.includes('"Cours'))).toBe(false);
  });
});

describe('NAMESPACE, ID and ENABLE', () => {
  it('has one personal namespace with the empty prefix and /', async () => {
    const client = await connect();
    expect(client.namespace).toMatchObject({ prefix: '', delimiter: '/' });
    const imap = await raw();
    expect(await imap.command('n1 NAMESPACE')).toEqual(['* NAMESPACE (("" "/")) NIL NIL', expect.stringMatching(/^n1 OK/)]);
  });

  it('answers ID in every state with its name', async () => {
    const client = await connect();
    expect(client.serverInfo).toMatchObject({ name: 'Webmel' });
    const imap = await RawImap.connect(webmel.ports.imap);
    raws.push(imap);
    expect(await imap.command('i1 ID NIL')).toEqual(['* ID ("name" "Webmel" "vendor" "Webmel")', expect.stringMatching(/^i1 OK/)]);
    expect((await imap.command('i2 ID ("name" "mutt" "version" NIL)')).at(-1)).toMatch(/^i2 OK/);
    expect((await imap.command('i3 ID ("name")')).at(-1)).toMatch(/^i3 BAD /);
    expect((await imap.command('i4 ID')).at(-1)).toMatch(/^i4 BAD /);
  });

  it('enables CONDSTORE with ENABLE, ignores what it does not know', async () => {
    const client = await connect();
    expect(client.enabled.has('CONDSTORE')).toBe(true);
    const imap = await raw();
    expect(await imap.command('e1 ENABLE CONDSTORE X-UNKNOWN')).toEqual(['* ENABLED CONDSTORE', expect.stringMatching(/^e1 OK/)]);
    expect(await imap.command('e2 ENABLE UTF8=ACCEPT')).toEqual(['* ENABLED', expect.stringMatching(/^e2 OK/)]);
    expect((await imap.command('e3 ENABLE')).at(-1)).toMatch(/^e3 BAD /);
  });

  it('tells HIGHESTMODSEQ when CONDSTORE is enabled with a folder selected', async () => {
    const imap = await raw();
    await imap.command('s1 SELECT INBOX');
    const { highestModseq } = webmel.services.store.getMailbox(charlotte.id, INBOX);
    const lines = await imap.command('e1 ENABLE CONDSTORE');
    expect(lines[0]).toBe(wire(`* OK [HIGHESTMODSEQ ${highestModseq}] Plus haute séquence de modification`));
    expect(lines[1]).toBe('* ENABLED CONDSTORE');
  });
});
