import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { startSubmission } from '../../src/smtp/start-submission.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startHarness, TEST_PASSWORD, type SubmissionHarness } from '../helpers/submission.js';

let h: SubmissionHarness;
let sink: SmtpSink;
let charlotte: Account;
let marc: Account;

async function start(): Promise<void> {
  sink = await startSmtpSink();
  h = await startHarness({ config: { relay: { host: '127.0.0.1', port: sink.port, user: null, password: null } } });
  charlotte = h.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
  marc = h.addAccount({ prenom: 'Marc', nom: 'Durand' });
}

afterEach(async () => {
  await h.stop();
  await sink.close();
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('queue runner loop', () => {
  it('once started, delivers what is queued without being asked, and stops cleanly', async () => {
    await start();
    h.runner.start();
    await h.transport('chabotte', TEST_PASSWORD).sendMail({ from: charlotte.address, to: 'a@example.org', text: 'x' });
    await until(() => sink.messages.length === 1);
    await h.runner.stop();
    expect(h.services.outbound.list()).toHaveLength(0);
  });

  it('serialises passes: two runOnce at the same time deliver once', async () => {
    await start();
    await h.transport('chabotte', TEST_PASSWORD).sendMail({ from: charlotte.address, to: 'a@example.org', text: 'x' });
    const [first, second] = await Promise.all([h.runner.runOnce(), h.runner.runOnce()]);
    expect(first.sent + second.sent).toBe(1);
    expect(sink.messages).toHaveLength(1);
  });
});

describe('cancel (undo send)', () => {
  const later = () => new Date(Date.now() + 10_000).toISOString();

  it('cancels a held outside message: the remote host never sees it', async () => {
    await start();
    const info = await h.transport('chabotte', TEST_PASSWORD).sendMail({
      from: charlotte.address,
      to: ['a@example.org', marc.address],
      text: 'oups',
      headers: { 'X-Webmel-Send-After': later() },
    });
    const id = Number(/scheduled as (\d+)/.exec(info.response ?? '')![1]);
    expect(h.runner.cancel(id, charlotte.address)).toBe(true);
    expect(h.runner.cancel(id, charlotte.address)).toBe(false);
    h.clock.offset = 20_000;
    await h.runner.runOnce();
    expect(sink.messages).toHaveLength(0);
    expect(h.inbox(marc)).toHaveLength(0);
  });

  it('is too late once a delivery attempt has started', async () => {
    await start();
    sink.onRcpt = () => ({ code: 451, text: '4.3.0 later' });
    const info = await h.transport('chabotte', TEST_PASSWORD).sendMail({
      from: charlotte.address,
      to: 'a@example.org',
      text: 'x',
      headers: { 'X-Webmel-Send-After': later() },
    });
    const id = Number(/scheduled as (\d+)/.exec(info.response ?? '')![1]);
    h.clock.offset = 20_000;
    expect(await h.runner.runOnce()).toMatchObject({ deferred: 1 });
    expect(h.runner.cancel(id, charlotte.address)).toBe(false);
    expect(h.services.outbound.pendingCount()).toBe(1);
  });
});

describe('startSubmission (what app.ts wires)', () => {
  it('listens for submission, runs the queue, and closes both', async () => {
    await start();
    const handle = await startSubmission(h.services);
    try {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: handle.ports.submission,
        secure: false,
        ignoreTLS: true,
        auth: { user: 'chabotte', pass: TEST_PASSWORD },
      });
      await transport.sendMail({ from: charlotte.address, to: ['a@example.org', marc.address], text: 'câblé' });
      expect(h.inbox(marc)).toHaveLength(1);
      await until(() => sink.messages.length === 1);
      expect(handle.ports.submissions).toBeUndefined();
    } finally {
      await handle.close();
    }
  });
});
