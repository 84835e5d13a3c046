/** The store's two provisions for institutional mail: quota-free messages and per-recipient tokens in a shared content. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { INBOX, PERSONAL_SLOT, personalize, prepareMessage } from '../../src/store/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let alice: Account;
let bob: Account;

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
  alice = services.accounts.create({ prenom: 'Alice', nom: 'Martin', numen: testNumen() });
  bob = services.accounts.create({ prenom: 'Bob', nom: 'Durand', numen: testNumen() });
});
afterEach(() => {
  services.close();
  temp.cleanup();
});

const message = (body: string) => prepareMessage(Buffer.from(`Subject: Avis\r\nFrom: R <r@example.org>\r\n\r\n${body}\r\n`));

it('delivers a quota-free message past a full mailbox, counts it as a message but not in bytes, and a copy of it is charged', () => {
  const inbox = services.store.getMailbox(alice.id, INBOX);
  const [result] = services.store.deliver(message('élections'), [{ accountId: alice.id, limitBytes: 0, quotaFree: true }]);
  expect(result!.ok).toBe(true);
  expect(services.store.usage(alice.id)).toMatchObject({ usedBytes: 0, messageCount: 1 });
  const uid = result!.ok ? result!.uid : 0;
  const archive = services.store.createMailbox(alice.id, 'Élections');
  services.store.copyMessages(inbox, [uid], archive, null);
  const size = services.store.messagesByUids(inbox.id, [uid])[0]!.size;
  expect(services.store.usage(alice.id).usedBytes).toBe(size);
  expect(services.store.recalcUsage(alice.id).after).toMatchObject({ usedBytes: size, messageCount: 2 });
  services.store.expunge(inbox, [uid], false);
  expect(services.store.usage(alice.id).usedBytes).toBe(size);
});

it('keeps one content for recipients with different tokens, each message reading its own', () => {
  const shared = message(`Lien : https://w.test/desabonnement/${PERSONAL_SLOT}`);
  const [a, b] = ['A'.repeat(36), 'B'.repeat(36)];
  services.store.deliver(shared, [
    { accountId: alice.id, limitBytes: 1e9, personal: a },
    { accountId: bob.id, limitBytes: 1e9, personal: b },
  ]);
  const rows = services.db.prepare('SELECT content_id AS contentId, personal FROM messages WHERE account_id IN (?, ?) ORDER BY account_id').all(alice.id, bob.id) as Array<{ contentId: number; personal: string }>;
  expect(rows[0]!.contentId).toBe(rows[1]!.contentId);
  const raw = services.store.raw(rows[0]!.contentId);
  expect(personalize(raw, rows[0]!.personal).toString()).toContain(`/desabonnement/${a}`);
  expect(personalize(raw, rows[1]!.personal).toString()).toContain(`/desabonnement/${b}`);
  expect(personalize(raw, rows[0]!.personal).length).toBe(raw.length);
  expect(raw.toString()).toContain(PERSONAL_SLOT); // the shared bytes are never changed
});
