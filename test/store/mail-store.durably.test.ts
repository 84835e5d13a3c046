import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { FLAG_SEEN } from '../../src/store/flags.js';
import { INBOX } from '../../src/store/mail-store.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let alice: Account;
const synchronous = () => services.db.pragma('synchronous', { simple: true });

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
  alice = services.accounts.create({ prenom: 'Alice', nom: 'Martin', numen: testNumen() });
  services.store.deliver(prepareMessage(Buffer.from('Subject: un\r\n\r\ncorps\r\n')), [{ accountId: alice.id, limitBytes: 1e9 }]);
});
afterEach(() => {
  vi.restoreAllMocks();
  services.db.close();
  temp.cleanup();
});

const markSeen = () => {
  const inbox = services.store.getMailbox(alice.id, INBOX);
  return services.store.storeFlags(inbox.id, [1], 'add', FLAG_SEEN, []);
};

describe('a command whose writes are synced off the thread (MailStore.durably)', () => {
  it('commits without waiting for the disk, and answers only once the WAL is synced', async () => {
    const order: string[] = [];
    const real = fs.fdatasync;
    vi.spyOn(fs, 'fdatasync').mockImplementation((fd, callback) => {
      order.push('sync started');
      real(fd, (err) => {
        order.push('synced');
        callback(err);
      });
    });
    expect(synchronous()).toBe(2);
    const result = await services.store.durably(() => {
      expect(synchronous()).toBe(1);
      return markSeen();
    });
    order.push('answered');
    expect(result.updated[0]!.flags & FLAG_SEEN).toBe(FLAG_SEEN);
    expect(order).toEqual(['sync started', 'synced', 'answered']);
    expect(synchronous()).toBe(2);
  });

  it('costs no sync when the command changed nothing', async () => {
    const sync = vi.spyOn(fs, 'fdatasync');
    await services.store.durably(() => services.store.counts(services.store.getMailbox(alice.id, INBOX).id));
    // Adding a flag the message already has changes no row either.
    await services.store.durably(markSeen);
    await services.store.durably(markSeen);
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('syncs what a failing command committed before its error, then reports the error', async () => {
    const sync = vi.spyOn(fs, 'fdatasync');
    await expect(
      services.store.durably(() => {
        markSeen();
        throw new Error('échec après écriture');
      }),
    ).rejects.toThrow('échec après écriture');
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('fails the command when the disk refuses the sync: its OK would promise what may be lost', async () => {
    vi.spyOn(fs, 'fdatasync').mockImplementation((_fd, callback) => callback(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })));
    await expect(services.store.durably(markSeen)).rejects.toThrow('EIO');
  });
});
