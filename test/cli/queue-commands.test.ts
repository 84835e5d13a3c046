import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import { queueCommand } from '../../src/cli/queue-commands.js';
import { UsageError } from '../../src/cli/run-cli.js';
import { testConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let config: Config;

function queue(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = queueCommand(config, argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: {},
    cwd: temp.dir,
  });
  return { code, out, err };
}

/** Queues a message the way the server would, in its own connection (the CLI runs beside it). */
function seed(): { queued: number; failed: number } {
  const services = createServices(config, silentLogger);
  try {
    const queued = services.outbound.enqueue('charlotte.habotte@ac-test.fr', ['a@example.org', 'b@example.org'], Buffer.from('Subject: x\r\n\r\nx\r\n'));
    const failed = services.outbound.enqueue('marc.durand@ac-test.fr', ['c@example.org'], Buffer.from('Subject: y\r\n\r\ny\r\n'));
    const [row] = services.outbound.claimDue(Date.now(), 10, () => Date.now() + 60_000).filter((r) => r.messageId === failed);
    services.outbound.markFailed([row!.id], '550 5.1.1 user unknown', Date.now());
    return { queued, failed };
  } finally {
    services.db.close();
  }
}

beforeEach(() => {
  temp = makeTempDir();
  config = testConfig(temp.dir);
});
afterEach(() => temp.cleanup());

describe('webmel queue', () => {
  it('lists waiting and failed recipients, as a table or JSON', () => {
    const { queued, failed } = seed();
    const table = queue('list');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^N°\s+EXPÉDITEUR\s+DESTINATAIRE\s+ÉTAT/);
    expect(table.out).toMatch(new RegExp(`${queued}\\s+charlotte\\.habotte@ac-test\\.fr\\s+a@example\\.org\\s+en attente`));
    expect(table.out).toMatch(new RegExp(`${failed}\\s+marc\\.durand@ac-test\\.fr\\s+c@example\\.org\\s+échec\\s+1\\s+550 5\\.1\\.1 user unknown`));
    const json = JSON.parse(queue('list', '--json').out) as Array<{ id: number; recipients: Array<{ status: string }> }>;
    expect(json.map((m) => m.id)).toEqual([queued, failed]);
    expect(json[1]!.recipients[0]!.status).toBe('failed');
  });

  it('retries a failed message now, with a fresh schedule', () => {
    const { failed } = seed();
    expect(queue('retry', String(failed))).toMatchObject({ code: 0, out: expect.stringContaining('1 destinataire(s) relancé(s)') });
    const [message] = JSON.parse(queue('list', '--json').out).filter((m: { id: number }) => m.id === failed);
    expect(message.recipients[0]).toMatchObject({ status: 'queued', attempts: 0 });
    expect(queue('retry', '999')).toMatchObject({ code: 1 });
  });

  it('drops a message without telling its sender', () => {
    const { queued } = seed();
    expect(queue('drop', String(queued))).toMatchObject({ code: 0 });
    expect(queue('drop', String(queued))).toMatchObject({ code: 1 });
    expect(JSON.parse(queue('list', '--json').out)).toHaveLength(1);
  });

  it('says when the queue is empty, and rejects bad arguments as usage errors', () => {
    expect(queue('list').out).toContain('File d’attente vide');
    expect(() => queue('retry', 'abc')).toThrow(UsageError);
    expect(() => queue('purge')).toThrow(UsageError);
  });
});
