/** The delivery log of refusals, as the SMTP side writes it and `webmel quota refusals` reads it. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { prepareMessage } from '../../src/store/index.js';
import { cliIn } from '../helpers/cli.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel;
let charlotte: Account;

beforeEach(async () => {
  webmel = await startTestWebmel();
  charlotte = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
  webmel.services.accounts.setQuota(charlotte.id, 1024 * 1024);
});
afterEach(async () => {
  await webmel.stop();
});

function fill(account: Account): void {
  const big = Buffer.from(`Subject: gros\r\nFrom: a@example.org\r\n\r\n${'x'.repeat(1024 * 1024)}\r\n`);
  webmel.services.store.deliver(prepareMessage(big), [{ accountId: account.id, limitBytes: 10 * 1024 * 1024 }]);
}

it('records a 452 4.2.2 at RCPT for a full mailbox, and a 550 5.1.1 for an unknown one, with sender and size', async () => {
  fill(charlotte);
  const smtp = await RawSmtp.connect(webmel.ports.smtp);
  await smtp.command('EHLO client.example.org');
  await smtp.command('MAIL FROM:<expediteur@example.org> SIZE=2048');
  expect(await smtp.command(`RCPT TO:<${charlotte.address}>`)).toMatch(/^452 4\.2\.2 /);
  expect(await smtp.command('RCPT TO:<personne@ac-test.fr>')).toMatch(/^550 5\.1\.1 /);
  await smtp.command('QUIT');
  const refusals = webmel.services.refusals.list({ since: 0 });
  expect(refusals.map((r) => [r.recipient, r.code, r.reason, r.sender, r.size, r.accountId])).toEqual([
    ['personne@ac-test.fr', '550 5.1.1', 'unknown', 'expediteur@example.org', 2048, null],
    [charlotte.address, '452 4.2.2', 'full', 'expediteur@example.org', 2048, charlotte.id],
  ]);
  expect(webmel.services.refusals.count(Date.now() - 3_600_000, 'full')).toBe(1);

  const cli = cliIn(() => webmel.config.dataDir);
  const listed = await cli('quota', 'refusals', '--since', '1h', '--json');
  expect(listed.code).toBe(0);
  expect((JSON.parse(listed.out) as Array<{ code: string }>).map((r) => r.code)).toEqual(['550 5.1.1', '452 4.2.2']);
  expect((await cli('quota', 'refusals', '--since', 'hier')).code).toBe(2);
});

it('records a recipient found full at DATA, when the mailbox filled up after RCPT', async () => {
  const smtp = await RawSmtp.connect(webmel.ports.smtp);
  await smtp.command('EHLO client.example.org');
  await smtp.command('MAIL FROM:<expediteur@example.org>');
  expect(await smtp.command(`RCPT TO:<${charlotte.address}>`)).toMatch(/^250/);
  // Past the limit and the inbound grace, as another delivery meanwhile would leave it.
  webmel.services.db.prepare('UPDATE quota_usage SET used_bytes = ? WHERE account_id = ?').run(100 * 1024 * 1024, charlotte.id);
  const { end } = await smtp.data('Subject: test\r\n\r\ncorps\r\n');
  expect(end).toMatch(/^452 4\.2\.2 /);
  await smtp.command('QUIT');
  const [refusal] = webmel.services.refusals.list({ since: 0, reason: 'full' });
  expect(refusal).toMatchObject({ recipient: charlotte.address, code: '452 4.2.2', accountId: charlotte.id });
  expect(refusal!.size).toBeGreaterThan(20);
});

it('purges what is older than 30 days', () => {
  const log = webmel.services.refusals;
  log.record({ at: Date.now() - 31 * 86_400_000, recipient: 'a@ac-test.fr', accountId: null, sender: '', size: 0, code: '550 5.1.1', reason: 'unknown' });
  log.record({ recipient: 'b@ac-test.fr', accountId: null, sender: '', size: 0, code: '550 5.1.1', reason: 'unknown' });
  expect(log.purgeExpired()).toBe(1);
  expect(log.list({ since: 0 }).map((r) => r.recipient)).toEqual(['b@ac-test.fr']);
});
