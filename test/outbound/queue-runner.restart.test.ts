import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startHarness, TEST_PASSWORD, type SubmissionHarness } from '../helpers/submission.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MINUTE = 60_000;

let sink: SmtpSink;
let temp: ReturnType<typeof makeTempDir>;
const open: SubmissionHarness[] = [];

async function boot(): Promise<SubmissionHarness> {
  const h = await startHarness({
    dataDir: temp.dir,
    config: { relay: { host: '127.0.0.1', port: sink.port, user: null, password: null } },
  });
  open.push(h);
  return h;
}

afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  await sink.close();
  temp.cleanup();
});

describe('outbound queue across restarts', () => {
  it('resumes after a restart: what was queued before is delivered after', async () => {
    sink = await startSmtpSink();
    temp = makeTempDir();
    const first = await boot();
    first.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    await first
      .transport('chabotte', TEST_PASSWORD)
      .sendMail({ from: 'charlotte.habotte@ac-test.fr', to: ['a@example.org', 'b@example.org'], text: 'avant' });
    await first.close();

    const second = await boot();
    expect(second.services.outbound.pendingCount()).toBe(2);
    expect(await second.runner.runOnce()).toEqual({ sent: 2, deferred: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);
  });

  it('after a crash in the middle of an attempt, sends once more on schedule: never lost', async () => {
    sink = await startSmtpSink();
    temp = makeTempDir();
    const first = await boot();
    first.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    await first.transport('chabotte', TEST_PASSWORD).sendMail({ from: 'charlotte.habotte@ac-test.fr', to: 'a@example.org', text: 'x' });
    // The attempt's claim is committed, then the process dies before recording any outcome.
    const claimed = first.services.outbound.claimDue(Date.now(), 10, () => Date.now() + 5 * MINUTE);
    expect(claimed).toHaveLength(1);
    await first.close();

    const second = await boot();
    // Claimed rows wait for their retry time, like a failed attempt…
    expect(await second.runner.runOnce()).toEqual({ sent: 0, deferred: 0, failed: 0 });
    second.clock.offset = 5 * MINUTE + 1000;
    // …then go out once.
    expect(await second.runner.runOnce()).toEqual({ sent: 1, deferred: 0, failed: 0 });
    expect(await second.runner.runOnce()).toEqual({ sent: 0, deferred: 0, failed: 0 });
    expect(sink.messages).toHaveLength(1);
  });

  it('keeps a held message (undo window) through a restart and sends it when due', async () => {
    sink = await startSmtpSink();
    temp = makeTempDir();
    const first = await boot();
    const charlotte = first.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    const marc = first.addAccount({ prenom: 'Marc', nom: 'Durand' });
    await first.transport('chabotte', TEST_PASSWORD).sendMail({
      from: charlotte.address,
      to: [marc.address, 'a@example.org'],
      text: 'plus tard',
      headers: { 'X-Webmel-Send-After': new Date(Date.now() + 10_000).toISOString() },
    });
    await first.close();

    const second = await boot();
    second.clock.offset = 11_000;
    expect(await second.runner.runOnce()).toEqual({ sent: 2, deferred: 0, failed: 0 });
    expect(second.inbox(marc)).toHaveLength(1);
    expect(sink.messages).toHaveLength(1);
  });
});
