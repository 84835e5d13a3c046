import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { QuotaExceededError } from '../../src/store/errors.js';
import { FLAG_DELETED, FLAG_SEEN } from '../../src/store/flags.js';
import { INBOX } from '../../src/store/mail-store.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { silentLogger } from '../../src/log/logger.js';
import { TrashPurger } from '../../src/quota/trash-purger.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let alice: Account;
let bob: Account;

const msg = (subject: string, body = 'corps') => prepareMessage(Buffer.from(`Subject: ${subject}\r\nFrom: A <a@example.org>\r\n\r\n${body}\r\n`));
const count = (sql: string) => (services.db.prepare(sql).get() as { n: number }).n;

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
  alice = services.accounts.create({ prenom: 'Alice', nom: 'Martin', numen: testNumen() });
  bob = services.accounts.create({ prenom: 'Bob', nom: 'Durand', numen: testNumen() });
});
afterEach(() => {
  services.db.close();
  temp.cleanup();
});

describe('mail store', () => {
  it('creates the default folders with their special-use attributes', () => {
    const names = services.store.listMailboxes(alice.id).map((m) => `${m.name}:${m.specialUse ?? ''}`);
    expect(names.sort()).toEqual(
      ['INBOX:', 'Brouillons:\\Drafts', 'Envoyés:\\Sent', 'Archives:\\Archive', 'Indésirables:\\Junk', 'Corbeille:\\Trash'].sort(),
    );
  });

  it('stores a message delivered to many recipients once, and frees it with the last reference', () => {
    const message = msg('bulletin', 'x'.repeat(5000));
    const results = services.store.deliver(message, [
      { accountId: alice.id, limitBytes: 1e9 },
      { accountId: bob.id, limitBytes: 1e9 },
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(count('SELECT count(*) AS n FROM contents')).toBe(1);
    expect(services.store.usage(alice.id).usedBytes).toBe(message.size);
    expect(services.store.usage(bob.id).usedBytes).toBe(message.size);
    services.store.expunge(services.store.getMailbox(alice.id, INBOX), null, false);
    expect(count('SELECT count(*) AS n FROM contents')).toBe(1);
    services.store.expunge(services.store.getMailbox(bob.id, INBOX), null, false);
    expect(count('SELECT count(*) AS n FROM contents')).toBe(0);
    expect(count('SELECT count(*) AS n FROM content_raw')).toBe(0);
    expect(services.store.usage(bob.id)).toMatchObject({ usedBytes: 0, messageCount: 0 });
  });

  it('deliverIn joins the caller\'s write: its messages commit and roll back with it, and it refuses to run outside one', () => {
    const message = msg('lot');
    const targets = [{ accountId: alice.id, limitBytes: 1e9 }, { accountId: bob.id, limitBytes: 1e9 }];
    expect(() =>
      services.store.write((changes) => {
        expect(services.store.deliverIn(changes, message, targets, Date.now()).every((r) => r.ok)).toBe(true);
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    expect(count('SELECT count(*) AS n FROM messages')).toBe(0);
    expect(services.store.usage(alice.id).usedBytes).toBe(0);
    const results = services.store.write((changes) => services.store.deliverIn(changes, message, targets, Date.now()));
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(count('SELECT count(*) AS n FROM contents WHERE refcount = 2')).toBe(1);
    expect(() => services.store.deliverIn([], message, targets, Date.now())).toThrow('inside write()');
  });

  it('publishes one usage change per account and transaction, with its last value', () => {
    const usages: Array<[number, number]> = [];
    services.store.changes.subscribeAll((c) => c.kind === 'usage' && usages.push([c.accountId, c.usedBytes]));
    const message = msg('deux fois');
    services.store.write((changes) => {
      services.store.deliverIn(changes, message, [{ accountId: alice.id, limitBytes: 1e9 }, { accountId: bob.id, limitBytes: 1e9 }], Date.now());
      services.store.deliverIn(changes, message, [{ accountId: alice.id, limitBytes: 1e9 }], Date.now());
    });
    expect(usages).toEqual([[alice.id, 2 * message.size], [bob.id, message.size]]);
  });

  it('refuses an append over the limit with QuotaExceededError and writes nothing', () => {
    const inbox = services.store.getMailbox(alice.id, INBOX);
    const message = msg('gros', 'y'.repeat(2000));
    expect(() => services.store.append({ accountId: alice.id, mailboxId: inbox.id, message, limitBytes: 1000 })).toThrow(QuotaExceededError);
    expect(services.store.usage(alice.id).usedBytes).toBe(0);
    expect(count('SELECT count(*) AS n FROM contents')).toBe(0);
  });

  it('checks COPY against the quota but never MOVE, which keeps usage unchanged', () => {
    const inbox = services.store.getMailbox(alice.id, INBOX);
    const trash = services.store.getMailbox(alice.id, 'Corbeille');
    const message = msg('à copier', 'z'.repeat(3000));
    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message, limitBytes: null });
    expect(() => services.store.copyMessages(inbox, [1], trash, message.size + 10)).toThrow(QuotaExceededError);
    const used = services.store.usage(alice.id).usedBytes;
    expect(services.store.moveMessages(inbox, [1], trash)).toEqual([{ from: 1, to: 1 }]);
    expect(services.store.usage(alice.id).usedBytes).toBe(used);
    expect(services.store.copyMessages(trash, [1], inbox, null)).toEqual([{ from: 1, to: 2 }]);
    expect(services.store.usage(alice.id).usedBytes).toBe(2 * used);
  });

  it('keeps UIDs increasing and UIDVALIDITY stable, and bumps MODSEQ on flag changes', () => {
    const inbox = services.store.getMailbox(alice.id, INBOX);
    for (const s of ['a', 'b', 'c']) services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg(s), limitBytes: null });
    services.store.expunge(inbox, [2], false);
    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('d'), limitBytes: null });
    expect(services.store.messageIndex(inbox.id).map((m) => m.uid)).toEqual([1, 3, 4]);
    const before = services.store.messageIndex(inbox.id)[0]!.modseq;
    const { updated } = services.store.storeFlags(inbox.id, [1], 'add', FLAG_SEEN, ['$Important']);
    expect(updated[0]).toMatchObject({ uid: 1, flags: FLAG_SEEN, keywords: '$Important' });
    expect(updated[0]!.modseq).toBeGreaterThan(before);
    const { modified } = services.store.storeFlags(inbox.id, [1], 'add', FLAG_DELETED, [], before);
    expect(modified).toEqual([1]);
    expect(services.store.getMailbox(alice.id, INBOX).uidValidity).toBe(inbox.uidValidity);
  });

  it('renaming INBOX moves its messages to the new folder and leaves INBOX empty', () => {
    const inbox = services.store.getMailbox(alice.id, INBOX);
    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('vieux'), limitBytes: null });
    const renamed = services.store.renameMailbox(alice.id, 'inbox', 'Ancienne boîte');
    expect(services.store.messageIndex(renamed.id)).toHaveLength(1);
    expect(services.store.messageIndex(inbox.id)).toHaveLength(0);
  });

  it('renames a folder with its sub-folders and refuses to delete INBOX', () => {
    services.store.createMailbox(alice.id, 'Classe/CM1');
    services.store.createMailbox(alice.id, 'Classe');
    services.store.renameMailbox(alice.id, 'Classe', 'École');
    const names = services.store.listMailboxes(alice.id).map((m) => m.name);
    expect(names).toContain('École/CM1');
    expect(names).not.toContain('Classe/CM1');
    expect(() => services.store.deleteMailbox(alice.id, 'INBOX')).toThrow();
  });

  it('purges Corbeille and Indésirables of what entered them before the retention period', () => {
    const inbox = services.store.getMailbox(alice.id, INBOX);
    const trash = services.store.getMailbox(alice.id, 'Corbeille');
    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('vieux'), limitBytes: null });
    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('récent'), limitBytes: null });
    services.store.moveMessages(inbox, [1, 2], trash);
    services.db.prepare('UPDATE messages SET saved_at = ? WHERE uid = 1 AND mailbox_id = ?').run(Date.now() - 31 * 86400_000, trash.id);
    const purger = new TrashPurger(services.store, services.policy, silentLogger);
    expect(purger.purge()).toBe(1);
    expect(services.store.messageIndex(trash.id).map((m) => m.uid)).toEqual([2]);
  });

  it('publishes changes only after the transaction commits, and none for a rolled-back one', () => {
    const seen: string[] = [];
    services.store.changes.subscribe(alice.id, (c) => seen.push(c.kind));
    const inbox = services.store.getMailbox(alice.id, INBOX);
    expect(() =>
      services.store.write(() => {
        services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('annulé'), limitBytes: null });
        expect(seen).toEqual([]);
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    expect(seen).toEqual([]);
    expect(services.store.messageIndex(inbox.id)).toHaveLength(0);
    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('gardé'), limitBytes: null });
    expect(seen).toEqual(['usage', 'exists']);
  });

  it('parses listing fields: decoded subject and names, snippet, attachments', () => {
    const raw = Buffer.from(
      'From: =?UTF-8?Q?H=C3=A9l=C3=A8ne?= <h@ac-test.fr>\r\nTo: a@b.fr, "Dupont, J." <j@c.fr>\r\n' +
        'Subject: =?ISO-8859-1?Q?R=E9union?=\r\nDate: Tue, 24 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        'Content-Transfer-Encoding: quoted-printable\r\n\r\nBonjour =C3=A0 tous\r\n--b\r\nContent-Type: application/pdf; name=ordre.pdf\r\n' +
        'Content-Disposition: attachment; filename=ordre.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n',
    );
    const prepared = prepareMessage(raw);
    expect(prepared).toMatchObject({
      subject: 'Réunion',
      fromText: 'Hélène <h@ac-test.fr>',
      toText: 'a@b.fr, "Dupont, J." <j@c.fr>'.replace('"Dupont, J."', 'Dupont, J.'),
      hasAttachments: true,
      snippet: 'Bonjour à tous',
      headerDate: Date.parse('2026-11-24T09:00:00Z'),
    });
    expect(prepared.bodyText).toContain('ordre.pdf');
  });
});

describe('deferred search indexing', () => {
  it('finds a message by its body at once, and indexes after a restart what a crash left out', () => {
    const inbox = services.store.getMailbox(alice.id, INBOX);
    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('conseil', 'ordre du jour maternelle'), limitBytes: null });
    expect(count('SELECT count(*) AS n FROM contents WHERE indexed = 0')).toBe(1);
    expect(services.store.searchIndex.contains(inbox.id, ['body'], 'maternelle')).toEqual([1]);
    expect(count('SELECT count(*) AS n FROM contents WHERE indexed = 0')).toBe(0);

    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('sortie', 'autorisation piscine'), limitBytes: null });
    // A crash now: the pending batch is lost with the process.
    services.db.close();
    services = createServices(testConfig(temp.dir), silentLogger);
    expect(count('SELECT count(*) AS n FROM contents WHERE indexed = 0')).toBe(0);
    expect(services.store.searchIndex.contains(inbox.id, ['body'], 'piscine')).toEqual([2]);
  });

  it('keeps a batch it could not write waiting, and indexes it once the database is free', () => {
    const inbox = services.store.getMailbox(alice.id, INBOX);
    services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('cantine', 'menu de la cantine'), limitBytes: null });
    // Another process holds the write lock, and we do not wait for it.
    const other = new Database(path.join(temp.dir, 'webmel.sqlite'));
    services.db.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    expect(() => services.store.searchIndex.contains(inbox.id, ['body'], 'cantine')).toThrow(/locked|busy/i);
    other.exec('COMMIT');
    other.close();
    expect(services.store.searchIndex.contains(inbox.id, ['body'], 'cantine')).toEqual([1]);
  });

  it('indexes on its own once the thread is not busy, with no search to ask for it', async () => {
    const inbox = services.store.getMailbox(alice.id, INBOX);
    for (let i = 0; i < 3; i++) {
      services.store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg(`note ${i}`, `classe verte ${i}`), limitBytes: null });
    }
    expect(count('SELECT count(*) AS n FROM contents WHERE indexed = 0')).toBe(3);
    await expect.poll(() => count('SELECT count(*) AS n FROM contents WHERE indexed = 0'), { timeout: 5000 }).toBe(0);
    expect(services.store.searchIndex.contains(inbox.id, ['body'], 'verte')).toEqual([1, 2, 3]);
  });
});
