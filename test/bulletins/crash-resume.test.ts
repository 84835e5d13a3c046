/**
 * A publication killed mid-delivery (SIGKILL of the command delivering it, no server running)
 * is finished by the next server start, once the dead process's lease has lapsed: every
 * mailbox holds it exactly once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createServices } from '../../src/services.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { DELIVERY_BATCH } from '../../src/bulletins/index.js';
import { bulkAccounts } from '../helpers/bulk-accounts.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

const temp = makeTempDir();
let webmel: TestWebmel | null = null;
afterEach(async () => {
  await webmel?.stop();
  temp.cleanup();
});

const RECIPIENTS = DELIVERY_BATCH * 3;

it('resumes a publication killed mid-delivery, without duplicates and without gaps', { timeout: 90_000 }, async () => {
  const setup = createServices(testConfig(temp.dir), silentLogger);
  bulkAccounts(setup, RECIPIENTS);
  setup.close();
  fs.writeFileSync(path.join(temp.dir, 'bulletin.txt'), 'Mesdames et messieurs, ' + 'texte du bulletin. '.repeat(500));

  const child = spawn(
    process.execPath,
    ['dist/src/cli/main.js', 'bulletin', 'publish', '--from', 'Rectorat <communication@ac-test.fr>', '--subject', 'Reprise après arrêt', '--audience', 'all', path.join(temp.dir, 'bulletin.txt')],
    { env: { ...process.env, WEBMEL_DATA_DIR: temp.dir, WEBMEL_DOMAIN: 'ac-test.fr', WEBMEL_DEMO: '0' }, stdio: 'ignore' },
  );
  const watcher = createServices(testConfig(temp.dir), silentLogger);
  try {
    // Killed once at least one batch has committed and before the last one.
    for (;;) {
      const publication = watcher.bulletins.list()[0];
      if (publication && publication.delivered > 0) {
        expect(publication.delivered).toBeLessThan(RECIPIENTS);
        child.kill('SIGKILL');
        break;
      }
      if (child.exitCode !== null) throw new Error('the command ended before it could be killed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => child.once('exit', resolve));
    const left = watcher.bulletins.list()[0]!;
    expect(left.status).toBe('delivering');
    expect(left.delivered).toBeLessThan(RECIPIENTS);
  } finally {
    watcher.close();
  }

  webmel = await startTestWebmel({}, temp.dir);
  const services = webmel.services;
  const id = services.bulletins.list()[0]!.id;
  for (let waited = 0; services.bulletins.get(id)!.status !== 'done'; waited += 100) {
    if (waited > 60_000) throw new Error('not resumed');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const done = services.bulletins.get(id)!;
  expect(done.delivered).toBe(RECIPIENTS);
  const perAccount = services.db
    .prepare(`SELECT count(*) AS n, count(DISTINCT account_id) AS accounts, max(c) AS most FROM (
                SELECT account_id, count(*) AS c FROM messages WHERE content_id = ? GROUP BY account_id)`)
    .get(done.contentId) as { n: number; accounts: number; most: number };
  expect(perAccount).toEqual({ n: RECIPIENTS, accounts: RECIPIENTS, most: 1 });
  expect(services.db.prepare('SELECT count(*) FROM bulletins_deliveries WHERE publication_id = ?').pluck().get(id)).toBe(RECIPIENTS);
});
