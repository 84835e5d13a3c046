import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import type { Config } from '../../src/config.js';
import { INBOX } from '../../src/store/mail-store.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startHarness, TEST_PASSWORD, type SubmissionHarness } from '../helpers/submission.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: SubmissionHarness;
let sink: SmtpSink;
let charlotte: Account;

async function start(config: Partial<Config> = {}): Promise<void> {
  sink = await startSmtpSink();
  h = await startHarness({ config: { relay: { host: '127.0.0.1', port: sink.port, user: null, password: null }, ...config } });
  charlotte = h.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
}

afterEach(async () => {
  await h.stop();
  await sink.close();
});

function send(to: string | string[], extra: Record<string, unknown> = {}) {
  return h.transport('chabotte', TEST_PASSWORD).sendMail({
    from: 'Charlotte Habotté <charlotte.habotte@ac-test.fr>',
    to,
    subject: 'Sortie de classe',
    text: 'Bonjour,\n\nle car part à 8 h.\n',
    ...extra,
  });
}

/** Raw messages in the INBOX whose decoded subject starts so. */
function dsnsIn(account: Account, subjectStart: string): string[] {
  const { store } = h.services;
  const inbox = store.getMailbox(account.id, INBOX);
  return store
    .messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid))
    .filter((row) => row.subject.startsWith(subjectStart))
    .map((row) => store.raw(row.contentId).toString('latin1'));
}

describe('outbound queue through a relay', () => {
  it('relays an outside message byte for byte with the user as envelope sender, then forgets it', async () => {
    await start();
    await send(['dupont@ac-paris.fr', 'martin@example.org'], { bcc: 'cache@example.org' });
    const queued = h.services.outbound.message(h.services.outbound.list()[0]!.id)!.raw;
    expect(await h.runner.runOnce()).toEqual({ sent: 3, deferred: 0, failed: 0 });
    // Through a relay, one SMTP transaction carries every recipient.
    expect(sink.messages).toHaveLength(1);
    const [relayed] = sink.messages;
    expect(relayed!.from).toBe('charlotte.habotte@ac-test.fr');
    expect(relayed!.to.sort()).toEqual(['cache@example.org', 'dupont@ac-paris.fr', 'martin@example.org']);
    expect(relayed!.raw.equals(queued)).toBe(true);
    expect(relayed!.raw.toString('latin1')).not.toMatch(/^Bcc:/im);
    expect(h.services.outbound.list()).toHaveLength(0);
  });

  it('retries after a 4xx on schedule, then delivers', async () => {
    await start();
    let refusals = 1;
    sink.onRcpt = () => (refusals-- > 0 ? { code: 451, text: '4.3.0 greylisted, try later' } : null);
    await send('dupont@ac-paris.fr');
    expect(await h.runner.runOnce()).toEqual({ sent: 0, deferred: 1, failed: 0 });
    const [row] = h.services.outbound.list()[0]!.recipients;
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringMatching(/^451 4\.3\.0 greylisted/) });
    // Not due before the first retry delay (5 min).
    h.clock.offset = 4 * MINUTE;
    expect(await h.runner.runOnce()).toEqual({ sent: 0, deferred: 0, failed: 0 });
    h.clock.offset = 5 * MINUTE + 1000;
    expect(await h.runner.runOnce()).toEqual({ sent: 1, deferred: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);
    expect(dsnsIn(charlotte, 'Échec de remise')).toHaveLength(0);
  });

  it('gives up at once on a 5xx and puts a French and English DSN in the sender’s INBOX', async () => {
    await start();
    sink.onRcpt = (address) => (address.startsWith('inconnu') ? { code: 550, text: '5.1.1 user unknown here' } : null);
    await send(['inconnu@ac-paris.fr', 'dupont@ac-paris.fr']);
    expect(await h.runner.runOnce()).toEqual({ sent: 1, deferred: 0, failed: 1 });
    expect(sink.messages[0]!.to).toEqual(['dupont@ac-paris.fr']);
    const inbox = h.inbox(charlotte);
    expect(inbox).toHaveLength(1);
    const dsn = inbox[0]!;
    expect(dsn).toContain('report-type=delivery-status');
    expect(dsn).toContain('Final-Recipient: rfc822; inconnu@ac-paris.fr');
    expect(dsn).toContain('Action: failed');
    expect(dsn).toContain('Status: 5.1.1');
    expect(dsn).toMatch(/Diagnostic-Code: smtp; 550 5\.1\.1 user unknown here/);
    expect(dsn).toContain('Remote-MTA: dns; 127.0.0.1');
    expect(dsn).not.toContain('Final-Recipient: rfc822; dupont@ac-paris.fr');
    expect(dsn).toContain("n'a pas pu =C3=AAtre remis");
    expect(dsn).toContain('could not be delivered');
    // The original header comes back, the body does not.
    expect(dsn).toContain('Content-Type: text/rfc822-headers');
    expect(dsn).not.toContain('le car part');
    const [message] = h.services.outbound.list();
    expect(message!.recipients.map((r) => r.status).sort()).toEqual(['failed', 'sent']);
  });

  it('treats a 5xx to DATA as final for every recipient of the transaction', async () => {
    await start();
    sink.onData = () => ({ code: 554, text: '5.7.1 rejected as spam' });
    await send(['a@example.org', 'b@example.org']);
    expect(await h.runner.runOnce()).toEqual({ sent: 0, deferred: 0, failed: 2 });
    const [dsn] = h.inbox(charlotte);
    expect(dsn).toContain('Final-Recipient: rfc822; a@example.org');
    expect(dsn).toContain('Final-Recipient: rfc822; b@example.org');
    expect(dsn).toContain('Status: 5.7.1');
  });

  it('never sends a DSN for a message from the null sender', async () => {
    await start();
    sink.onRcpt = () => ({ code: 550, text: '5.1.1 no' });
    h.services.outbound.enqueue('', ['x@example.org'], Buffer.from('Subject: rapport\r\n\r\nx\r\n'));
    expect(await h.runner.runOnce()).toEqual({ sent: 0, deferred: 0, failed: 1 });
    expect(h.services.outbound.pendingCount()).toBe(0);
    expect(h.services.outbound.list()).toHaveLength(1);
    expect(h.inbox(charlotte)).toHaveLength(0);
  });

  it('sends the null sender as MAIL FROM:<> (a DSN leaving for an outside sender)', async () => {
    await start();
    h.services.outbound.enqueue('', ['x@example.org'], Buffer.from('Subject: rapport\r\n\r\nx\r\n'));
    await h.runner.runOnce();
    expect(sink.messages[0]!.from).toBe('');
  });

  it('warns the sender once after 4 hours, then fails with 4.4.7 after 4 days', async () => {
    await start();
    sink.onRcpt = () => ({ code: 451, text: '4.4.1 remote busy' });
    await send('dupont@ac-paris.fr');
    let attempts = 0;
    // Walk the schedule: each pass runs when the row is due.
    while (h.services.outbound.pendingCount() > 0 && attempts < 100) {
      const due = h.services.outbound.nextDueAt()!;
      h.clock.offset = Math.max(h.clock.offset, due - Date.now() + 1000);
      await h.runner.runOnce();
      attempts++;
    }
    const delays = dsnsIn(charlotte, 'Remise retardée');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toContain('Action: delayed');
    expect(delays[0]).toContain('Status: 4.4.1');
    expect(delays[0]).toMatch(/Will-Retry-Until: /);
    expect(delays[0]).toContain('encore pu');
    const failures = dsnsIn(charlotte, 'Échec de remise');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('Status: 4.4.7');
    expect(failures[0]).toContain('Action: failed');
    // 5m, 15m, 30m, 1h, 2h then every 4h until 4 days: about 27 attempts, not hundreds.
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(35);
  });

  it('follows a configured retry schedule and lifetime', async () => {
    await start({ retryScheduleMs: [MINUTE], queueMaxAgeMs: 3 * MINUTE, delayWarningMs: HOUR });
    sink.onRcpt = () => ({ code: 452, text: '4.2.2 full' });
    await send('dupont@ac-paris.fr');
    for (const offset of [0, MINUTE + 1000, 2 * MINUTE + 2000, 3 * MINUTE + 3000]) {
      h.clock.offset = offset;
      await h.runner.runOnce();
    }
    const [row] = h.services.outbound.list()[0]!.recipients;
    expect(row).toMatchObject({ status: 'failed', attempts: 4 });
    expect(dsnsIn(charlotte, 'Remise retardée')).toHaveLength(0);
  });

  it('DKIM-signs outgoing mail when a key is configured', async () => {
    const keys = makeTempDir('webmel-dkim-');
    try {
      const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
      const keyPath = path.join(keys.dir, 'dkim.pem');
      fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await start({ dkim: { keyPath, selector: 'webmel2026', domain: 'ac-test.fr' } });
      await send('dupont@ac-paris.fr');
      await h.runner.runOnce();
      const raw = sink.messages[0]!.raw.toString('latin1');
      expect(raw).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=ac-test\.fr;/);
      expect(raw).toMatch(/s=webmel2026/);
      expect(raw).toContain('le car part');
    } finally {
      keys.cleanup();
    }
  });
});
