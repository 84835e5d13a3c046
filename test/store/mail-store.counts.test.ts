import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { FLAG_DELETED, FLAG_FLAGGED, FLAG_SEEN } from '../../src/store/flags.js';
import { INBOX, type MailboxCounts } from '../../src/store/mail-store.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let alice: Account;

const msg = (subject: string, body = 'corps') => prepareMessage(Buffer.from(`Subject: ${subject}\r\nFrom: A <a@example.org>\r\n\r\n${body}\r\n`));

/** The same figures counted the slow way, from the messages themselves. */
function recount(mailboxId: number): MailboxCounts {
  return services.db
    .prepare(
      `SELECT count(*) AS messages, coalesce(sum((flags & ${FLAG_SEEN}) = 0), 0) AS unseen,
              coalesce(sum((flags & ${FLAG_DELETED}) != 0), 0) AS deleted, coalesce(sum(size), 0) AS size
       FROM messages WHERE mailbox_id = ?`,
    )
    .get(mailboxId) as MailboxCounts;
}

function expectCountsExact(): void {
  for (const mailbox of services.store.listMailboxes(alice.id)) {
    expect(services.store.counts(mailbox.id), mailbox.name).toEqual(recount(mailbox.id));
  }
}

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
  alice = services.accounts.create({ prenom: 'Alice', nom: 'Martin', numen: testNumen() });
});
afterEach(() => {
  services.db.close();
  temp.cleanup();
});

describe('folder counts (STATUS MESSAGES, UNSEEN, DELETED, SIZE)', () => {
  it('start at zero for every new folder', () => {
    const folder = services.store.createMailbox(alice.id, 'Classe');
    expect(services.store.counts(folder.id)).toEqual({ messages: 0, unseen: 0, deleted: 0, size: 0 });
    expectCountsExact();
  });

  it('follow deliveries, flag changes, copies, moves and expunges exactly', () => {
    const { store } = services;
    const inbox = store.getMailbox(alice.id, INBOX);
    const archives = store.getMailbox(alice.id, 'Archives');
    for (let i = 0; i < 6; i++) store.deliver(msg(`n°${i}`, 'x'.repeat(100 * i)), [{ accountId: alice.id, limitBytes: 0, bypassQuota: true }]);
    expect(store.counts(inbox.id).messages).toBe(6);
    expect(store.counts(inbox.id).unseen).toBe(6);

    store.storeFlags(inbox.id, [1, 2, 3], 'add', FLAG_SEEN, []);
    store.storeFlags(inbox.id, [3], 'add', FLAG_DELETED | FLAG_FLAGGED, []);
    expect(store.counts(inbox.id)).toMatchObject({ messages: 6, unseen: 3, deleted: 1 });
    expectCountsExact();

    store.storeFlags(inbox.id, [2], 'remove', FLAG_SEEN, []);
    store.storeFlags(inbox.id, [1], 'set', FLAG_FLAGGED, ['$Important']);
    expectCountsExact();

    store.copyMessages(inbox, [1, 2], archives, null);
    store.moveMessages(inbox, [4, 5], archives);
    expect(store.counts(archives.id).messages).toBe(4);
    expectCountsExact();

    store.expunge(inbox, null, true);
    expect(store.counts(inbox.id)).toMatchObject({ messages: 3, deleted: 0 });
    expectCountsExact();
    store.expunge(archives, [1], false);
    expectCountsExact();
  });

  it('follow messages when INBOX is renamed and when a folder is deleted with its messages', () => {
    const { store } = services;
    const inbox = store.getMailbox(alice.id, INBOX);
    for (let i = 0; i < 3; i++) store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg(`vieux ${i}`), limitBytes: null });
    const renamed = store.renameMailbox(alice.id, INBOX, 'Ancienne boîte');
    expect(store.counts(renamed.id).messages).toBe(3);
    expect(store.counts(inbox.id)).toEqual({ messages: 0, unseen: 0, deleted: 0, size: 0 });
    expectCountsExact();
    store.deleteMailbox(alice.id, 'Ancienne boîte');
    expect(store.counts(renamed.id)).toEqual({ messages: 0, unseen: 0, deleted: 0, size: 0 });
    expectCountsExact();
  });

  it('roll back with the transaction that changed them', () => {
    const { store } = services;
    const inbox = store.getMailbox(alice.id, INBOX);
    expect(() =>
      store.write(() => {
        store.append({ accountId: alice.id, mailboxId: inbox.id, message: msg('annulé'), limitBytes: null });
        throw new Error('abandon');
      }),
    ).toThrow('abandon');
    expect(store.counts(inbox.id).messages).toBe(0);
    expectCountsExact();
  });
});
