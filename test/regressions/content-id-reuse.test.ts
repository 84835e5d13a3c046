/**
 * Issue 15, finding 0: a content id freed by one account's deletion was given by SQLite to the
 * next content stored, and the IMAP server's content cache, keyed by that id, then answered
 * another account's FETCH ENVELOPE (and BODYSTRUCTURE, SORT, THREAD) with the first account's
 * subject and sender. Ids are never reused now, and the cache forgets a content when it goes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { contentCacheFor } from '../../src/imap/content-cache.js';
import { RawImap } from '../helpers/imap.js';
import { startTestWebmel, testNumen, type TestWebmel } from '../helpers/webmel.js';
import { signedInUser, startWebTest, type WebTest } from '../helpers/web.js';

function message(subject: string, from: string, body: string): string {
  return [
    `From: ${from}`,
    'To: destinataire@ac-test.fr',
    `Subject: ${subject}`,
    'Date: Mon, 7 Dec 2026 09:00:00 +0100',
    `Message-ID: <${subject}@ac-test.fr>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

async function append(imap: RawImap, tag: string, folder: string, raw: string): Promise<void> {
  imap.send(`${tag} APPEND "${folder}" {${Buffer.byteLength(raw)}}\r\n`);
  await imap.until((line) => line.startsWith('+'));
  imap.send(`${raw}\r\n`);
  expect((await imap.until((line) => line.startsWith(`${tag} `))).at(-1)).toMatch(new RegExp(`^${tag} OK`));
}

async function signIn(webmel: TestWebmel, prenom: string, nom: string): Promise<RawImap> {
  const numen = testNumen();
  const account = webmel.addAccount({ prenom, nom, numen });
  const imap = await RawImap.connect(webmel.ports.imap);
  expect((await imap.command(`l LOGIN ${account.login} ${numen}`)).at(-1)).toMatch(/^l OK/);
  return imap;
}

describe('a deleted content never lends its cached IMAP answers to the next one stored', () => {
  let webmel: TestWebmel | undefined;
  const raws: RawImap[] = [];
  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.close();
    await webmel?.stop();
    webmel = undefined;
  });

  it('shows the second account its own envelope, structure, sort and thread after the first deleted a folder', async () => {
    webmel = await startTestWebmel();
    const first = await signIn(webmel, 'Premier', 'Compte');
    const second = await signIn(webmel, 'Second', 'Compte');
    raws.push(first, second);

    expect((await first.command('c1 CREATE Secret')).at(-1)).toMatch(/^c1 OK/);
    await append(first, 'a1', 'Secret', message('USER1-SECRET-4711', 'Premier <premier.compte@ac-test.fr>', 'Texte secret'));
    await first.command('s1 SELECT Secret');
    // Fills every cache of the content: ENVELOPE, BODYSTRUCTURE, and the SORT/THREAD digest.
    const before = await first.command('f1 FETCH 1 (ENVELOPE BODYSTRUCTURE)');
    expect(before.join('\n')).toContain('USER1-SECRET-4711');
    await first.command('t1 SORT (SUBJECT) UTF-8 ALL');
    await first.command('t2 THREAD REFERENCES UTF-8 ALL');
    await first.command('u1 UNSELECT');
    expect((await first.command('d1 DELETE Secret')).at(-1)).toMatch(/^d1 OK/);

    await append(
      second,
      'a2',
      'INBOX',
      [
        'From: Second <second.compte@ac-test.fr>',
        'To: destinataire@ac-test.fr',
        'Subject: Mon propre message',
        'Date: Mon, 7 Dec 2026 10:00:00 +0100',
        'Message-ID: <propre@ac-test.fr>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Bonjour</p>',
        '--b--',
        '',
      ].join('\r\n'),
    );
    await second.command('s2 SELECT INBOX');
    const fetched = (await second.command('f2 FETCH 1 (ENVELOPE BODYSTRUCTURE)')).join('\n');
    expect(fetched).toContain('Mon propre message');
    expect(fetched).toContain('"second.compte"');
    expect(fetched).not.toContain('USER1-SECRET');
    expect(fetched).not.toContain('premier');
    expect(fetched).toContain('"html"');
    // One message of her own, with her own subject: SORT and THREAD read the right digest.
    expect((await second.command('t3 SORT (SUBJECT) UTF-8 SUBJECT "propre"')).join('\n')).toContain('* SORT 1');
    expect((await second.command('t4 SEARCH SENTON 7-Dec-2026')).join('\n')).toContain('* SEARCH 1');
    expect((await second.command('t5 THREAD REFERENCES UTF-8 SUBJECT "propre"')).join('\n')).toContain('* THREAD (1)');
  });

  it('forgets what it derived from a content once the content is deleted', async () => {
    webmel = await startTestWebmel();
    const first = await signIn(webmel, 'Premier', 'Compte');
    raws.push(first);
    await first.command('c1 CREATE Secret');
    await append(first, 'a1', 'Secret', message('A', 'a@ac-test.fr', 'a'));
    await first.command('s1 SELECT Secret');
    await first.command('f1 FETCH 1 (ENVELOPE BODYSTRUCTURE BODY)');
    await first.command('t1 SORT (SUBJECT) UTF-8 ALL');
    const cache = contentCacheFor(webmel.services.store);
    expect(cache.size).toBe(1);
    await first.command('u1 UNSELECT');
    await first.command('d1 DELETE Secret');
    expect(cache.size).toBe(0);
  });

  it('never gives a deleted content id to the next content stored', async () => {
    webmel = await startTestWebmel();
    const { store } = webmel.services;
    const first = await signIn(webmel, 'Premier', 'Compte');
    raws.push(first);
    await first.command('c1 CREATE Secret');
    await append(first, 'a1', 'Secret', message('A', 'a@ac-test.fr', 'a'));
    const idOf = () => (store.db.prepare('SELECT max(id) AS id FROM contents').get() as { id: number | null }).id;
    const deletedId = idOf()!;
    await first.command('d1 DELETE Secret');
    expect(idOf()).toBeNull();
    await append(first, 'a2', 'INBOX', message('B', 'b@ac-test.fr', 'b'));
    expect(idOf()).toBeGreaterThan(deletedId);
  });
});

describe('the webmail list shows each account its own mail after another account’s deletions', () => {
  let t: WebTest | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('lists the second account’s subject and sender, not the first’s, once the first’s message is gone', async () => {
    t = await startWebTest();
    const alice = await signedInUser(t, { prenom: 'Alice', nom: 'Secret' });
    const bob = await signedInUser(t, { prenom: 'Bob', nom: 'Curieux' });
    t.deliver(alice.account, message('USER1-SECRET-list', 'Alice Secret <alice.secret@ac-test.fr>', 'Confidentiel'));
    expect((await alice.client.get('/mailboxes/INBOX')).text).toContain('USER1-SECRET-list');

    // Deleted for good: into the Corbeille, then the Corbeille emptied.
    const { store } = t.webmel.services;
    const inbox = store.getMailbox(alice.account.id, 'INBOX');
    const trash = store.getMailbox(alice.account.id, 'Corbeille');
    const uid = store.messageIndex(inbox.id)[0]!.uid;
    store.moveMessages(inbox, [uid], trash);
    store.expunge(store.getMailbox(alice.account.id, 'Corbeille'), null, false);
    expect(store.db.prepare('SELECT count(*) AS n FROM contents').get()).toEqual({ n: 0 });

    t.deliver(bob.account, message('Sortie scolaire', 'Directrice <directrice@ac-test.fr>', 'Bonjour'));
    const list = (await bob.client.get('/mailboxes/INBOX')).text;
    expect(list).toContain('Sortie scolaire');
    expect(list).toContain('Directrice');
    expect(list).not.toContain('USER1-SECRET');
    expect(list).not.toContain('Alice');
  });
});
