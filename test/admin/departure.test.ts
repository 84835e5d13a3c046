/**
 * A departure end to end: sign-in blocked at once, senders answered once a week that the agent
 * has left and whom to write to, then the mailbox deleted and its space freed; the mbox export
 * before it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { cliIn } from '../helpers/cli.js';
import { imapClient } from '../helpers/imap.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel;
let charlotte: Account;
let marc: Account;
const NUMEN = '02G0512345ABC';

beforeEach(async () => {
  webmel = await startTestWebmel();
  charlotte = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté', numen: NUMEN });
  marc = webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre' });
});
afterEach(async () => {
  await webmel.stop();
});

async function send(from: string, to: string, subject: string, extra = ''): Promise<string> {
  const smtp = await RawSmtp.connect(webmel.ports.smtp);
  await smtp.command('EHLO client.example.org');
  await smtp.command(`MAIL FROM:<${from}>`);
  const rcpt = await smtp.command(`RCPT TO:<${to}>`);
  if (!rcpt.startsWith('250')) {
    await smtp.command('QUIT');
    return rcpt;
  }
  const { end } = await smtp.data(`From: <${from}>\r\nTo: <${to}>\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\n${extra}\r\nBonjour.\r\n`);
  await smtp.command('QUIT');
  return end;
}

const queued = () =>
  webmel.services.db.prepare(`SELECT m.sender, r.address, m.raw FROM outbound_messages m JOIN outbound_recipients r ON r.message_id = m.id ORDER BY m.id`).all() as Array<{ sender: string; address: string; raw: Buffer }>;

it('answers senders for the agent who left, once a week, never a list, then deletes the mailbox', async () => {
  const cli = cliIn(() => webmel.config.dataDir);
  expect(await send('parent@example.org', charlotte.address, 'avant')).toMatch(/^250/);
  const exported = path.join(webmel.config.dataDir, 'charlotte.mbox');
  const exportRun = await cli('account', 'export', 'chabotte', exported, '--json');
  expect(exportRun.code).toBe(0);
  expect(JSON.parse(exportRun.out)).toMatchObject({ login: 'chabotte', messages: 1 });
  expect(fs.readFileSync(exported, 'latin1')).toMatch(/^From MAILER-DAEMON .*\nX-Folder: INBOX\n[\s\S]*Subject: avant/);

  const departed = await cli('account', 'depart', 'chabotte', '--successor', marc.address, '--reason', 'mutation', '--json');
  expect(departed.code).toBe(0);
  expect(JSON.parse(departed.out)).toMatchObject({ login: 'chabotte', address: charlotte.address });
  await expect(imapClient(webmel.ports.imap, 'chabotte', NUMEN)).rejects.toThrow();

  expect(await send('parent@example.org', charlotte.address, 'pendant')).toMatch(/^250/);
  expect(await send('parent@example.org', charlotte.address, 'encore')).toMatch(/^250/);
  expect(await send('liste@example.org', charlotte.address, 'liste', 'List-Id: <parents.example.org>\r\n')).toMatch(/^250/);
  expect(await send('robot@example.org', charlotte.address, 'robot', 'Auto-Submitted: auto-replied\r\n')).toMatch(/^250/);
  const replies = queued();
  expect(replies.map((r) => [r.sender, r.address])).toEqual([['', 'parent@example.org']]);
  const reply = replies[0]!.raw.toString('utf8');
  expect(reply).toMatch(/^Auto-Submitted: auto-replied/m);
  expect(reply).toMatch(/^In-Reply-To: <pendant@example\.org>/m);
  expect(reply).toContain(marc.address);
  // A colleague here gets the reply in her INBOX.
  expect(await send(marc.address, charlotte.address, 'collègue')).toMatch(/^250/);
  const marcInbox = webmel.services.store.getMailbox(marc.id, 'INBOX');
  const subjects = webmel.services.store.messagesByUids(marcInbox.id, webmel.services.store.messageIndex(marcInbox.id).map((m) => m.uid)).map((m) => m.subject);
  expect(subjects.some((s) => /a quitté l’académie/.test(s))).toBe(true);

  // After the reply's end, the hourly clean-up deletes the mailbox: space freed, address unknown.
  const contentsBefore = webmel.services.db.prepare('SELECT count(*) FROM contents').pluck().get() as number;
  expect(webmel.services.admin.finishDepartures(Date.now() + 31 * 86_400_000)).toBe(1);
  expect(webmel.services.accounts.byId(charlotte.id)).toBeNull();
  expect(webmel.services.db.prepare('SELECT count(*) FROM messages WHERE account_id = ?').pluck().get(charlotte.id)).toBe(0);
  expect(webmel.services.db.prepare('SELECT count(*) FROM contents').pluck().get()).toBeLessThan(contentsBefore);
  expect(webmel.services.directory.person(charlotte.address)).toBeNull();
  expect(await send('parent@example.org', charlotte.address, 'après')).toMatch(/^550 5\.1\.1/);
  const actions = webmel.services.audit.list().map((e) => [e.action, e.target]);
  expect(actions).toEqual([['account.delete', 'chabotte'], ['account.depart', 'chabotte'], ['account.export', 'chabotte']]);
});

it('refuses a reply period outside one to three months, and takes a departure back when the account is enabled', async () => {
  const cli = cliIn(() => webmel.config.dataDir);
  const tooShort = await cli('account', 'depart', 'chabotte', '--reply-until', new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));
  expect(tooShort.code).toBe(1);
  expect(tooShort.err).toMatch(/d’un à trois mois/);
  expect((await cli('account', 'depart', 'chabotte')).code).toBe(0);
  expect((await cli('user', 'enable', 'chabotte')).code).toBe(0);
  expect(webmel.services.admin.autoReplyFor(charlotte.id)).toBeNull();
  expect(webmel.services.admin.finishDepartures(Date.now() + 100 * 86_400_000)).toBe(0);
  expect(webmel.services.accounts.byId(charlotte.id)).not.toBeNull();
});
