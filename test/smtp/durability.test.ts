import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { INBOX } from '../../src/store/mail-store.js';
import { silentLogger } from '../../src/log/logger.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { serveEnv } from '../helpers/serve-env.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startTestWebmel } from '../helpers/webmel.js';

const CLI = path.resolve('dist/src/cli/main.js');
const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function subjectsIn(dataDir: string, address: string): Set<string> {
  const services = createServices(testConfig(dataDir), silentLogger);
  try {
    const account = services.accounts.byAddress(address)!;
    const inbox = services.store.getMailbox(account.id, INBOX);
    const uids = services.store.messageIndex(inbox.id).map((m) => m.uid);
    return new Set(services.store.messagesByUids(inbox.id, uids).map((m) => m.subject));
  } finally {
    services.db.close();
  }
}

/** Starts `webmel serve` in its own process and reads the SMTP port from the listening line. */
async function serveInChild(dataDir: string): Promise<{ child: ChildProcess; smtpPort: number }> {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: serveEnv(dataDir, { WEBMEL_DEMO: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  const lines = readline.createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const entry = JSON.parse(line) as { msg?: string; smtp?: number };
    if (entry.msg === 'listening' && entry.smtp) return { child, smtpPort: entry.smtp };
  }
  throw new Error('the server exited before listening');
}

describe('durability', () => {
  it('keeps accounts, messages and UIDs across a restart', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    let webmel = await startTestWebmel({}, temp.dir);
    const account = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    const smtp = await RawSmtp.connect(webmel.ports.smtp);
    await smtp.command('EHLO t');
    await smtp.command('MAIL FROM:<a@example.org>');
    await smtp.command(`RCPT TO:<${account.address}>`);
    expect((await smtp.data('Subject: avant\r\n\r\nx\r\n')).end).toMatch(/^250/);
    smtp.close();
    await webmel.stop();

    webmel = await startTestWebmel({}, temp.dir);
    const { store, accounts } = webmel.services;
    expect(accounts.byAddress(account.address)?.login).toBe('chabotte');
    const inbox = store.getMailbox(account.id, INBOX);
    expect(store.messageIndex(inbox.id).map((m) => m.uid)).toEqual([1]);
    expect(inbox.uidNext).toBe(2);
    await webmel.stop();
  });

  it('loses no acknowledged message when the server process is killed with SIGKILL mid-delivery', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const { child, smtpPort } = await serveInChild(temp.dir);
    const to = 'charlotte.habotte@ac-test.fr';
    const acknowledged: string[] = [];
    let killed = false;
    const sender = async (worker: number) => {
      const smtp = await RawSmtp.connect(smtpPort);
      await smtp.command('EHLO t');
      for (let i = 0; !killed; i++) {
        const subject = `m-${worker}-${i}`;
        if (!(await smtp.command('MAIL FROM:<a@example.org>')).startsWith('250')) break;
        if (!(await smtp.command(`RCPT TO:<${to}>`)).startsWith('250')) break;
        const { end } = await smtp.data(`Subject: ${subject}\r\n\r\n${'z'.repeat(2000)}\r\n`);
        if (!end.startsWith('250')) break;
        acknowledged.push(subject);
        if (acknowledged.length >= 300 && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
      smtp.close();
    };
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await Promise.all([0, 1, 2, 3, 4].map(sender));
    child.kill('SIGKILL');
    await exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    const stored = subjectsIn(temp.dir, to);
    const lost = acknowledged.filter((subject) => !stored.has(subject));
    expect(lost).toEqual([]);
  });
});
