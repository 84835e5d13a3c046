/**
 * Institutional mail against a running Webmel: the CLI records, the server's runner delivers,
 * IMAP clients idling in INBOX hear of it, and each mailbox reads its own unsubscribe token.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERSONAL_SLOT } from '../../src/store/index.js';
import { cliIn } from '../helpers/cli.js';
import { PEOPLE, PERSONS, UAI, seedDirectory } from '../helpers/directory-fixtures.js';
import { imapClient } from '../helpers/imap.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel;
let cli: ReturnType<typeof cliIn>;
const clients: ImapFlow[] = [];
const numens = new Map<string, string>();

beforeEach(async () => {
  webmel = await startTestWebmel();
  seedDirectory(webmel.services.directory);
  for (const [i, p] of PERSONS.entries()) {
    const numen = `02G3000${String(i).padStart(3, '0')}ABC`;
    numens.set(p.address, numen);
    webmel.addAccount({ prenom: p.prenom, nom: p.nom, address: p.address, numen });
  }
  webmel.addAccount({ prenom: 'Syndicat', nom: 'SNTEST', address: 'syndicat.sntest@ac-test.fr', role: 'syndicat' });
  cli = cliIn(() => webmel.config.dataDir);
  fs.writeFileSync(path.join(webmel.config.dataDir, 'bulletin.md'), '# Rentrée\n\nBonjour à **toutes et à tous**.\n');
  fs.writeFileSync(path.join(webmel.config.dataDir, 'vide.txt'), '  \n');
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.logout().catch(() => {});
  await webmel.stop();
});

async function signIn(address: string): Promise<ImapFlow> {
  const account = webmel.services.accounts.byAddress(address)!;
  const client = await imapClient(webmel.ports.imap, account.login, numens.get(address)!);
  clients.push(client);
  return client;
}

const MINISTERE = "Ministère de l'Éducation nationale <communication@education.gouv.fr>";

describe('bulletin publish beside a running server', () => {
  it('is delivered by the server, tells an IMAP client idling in INBOX, and prints the contract JSON', async () => {
    const teacher = await signIn(PEOPLE.teacher.address);
    await teacher.mailboxOpen('INBOX');
    const heard = new Promise<number>((resolve) => teacher.on('exists', (data: { count: number }) => resolve(data.count)));
    const idle = teacher.idle();
    const result = await cli('bulletin', 'publish', '--from', MINISTERE, '--subject', 'Rentrée 2027', '--audience', `circo:${UAI.circonscription}`, 'bulletin.md', '--json');
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/le serveur la distribue/);
    const summary = JSON.parse(result.out) as Record<string, number>;
    expect(Object.keys(summary)).toEqual(['id', 'recipients', 'delivered', 'skipped_full', 'ms']);
    expect(summary).toMatchObject({ recipients: 4, delivered: 4, skipped_full: 0 });
    expect(await heard).toBe(1);
    // A command ends the IDLE (imapflow breaks it with DONE).
    const message = await teacher.fetchOne('*', { envelope: true, source: true });
    await idle;
    expect(message && message.envelope?.subject).toBe('Rentrée 2027');
  });

  it('refuses an unknown audience, an empty file and a missing file, exit 1, nothing recorded', async () => {
    for (const [audience, file, pattern] of [
      ['partout', 'bulletin.md', /Public inconnu/],
      ['all', 'vide.txt', /vide/],
      ['all', 'absent.html', /illisible/],
      [`uai:${UAI.ecole.slice(0, 7)}A`, 'bulletin.md', /lettre de contrôle/],
    ] as const) {
      const result = await cli('bulletin', 'publish', '--from', MINISTERE, '--subject', 'x', '--audience', audience, file);
      expect(result.code, audience).toBe(1);
      expect(result.err).toMatch(pattern);
    }
    expect(webmel.services.bulletins.list()).toEqual([]);
  });
});

describe('union send beside a running server', () => {
  it('gives each mailbox its own unsubscribe link over IMAP, the same in the header and the footer', async () => {
    const result = await cli('union', 'send', '--from', 'syndicat.sntest@ac-test.fr', '--subject', 'Réunion', '--audience', 'all', 'bulletin.md', '--json');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as Record<string, number>;
    expect(summary).toMatchObject({ recipients: PERSONS.length, delivered: PERSONS.length, skipped_cap: 0, skipped_unsubscribed: 0 });
    const links: string[] = [];
    for (const address of [PEOPLE.teacher.address, PEOPLE.colleague.address]) {
      const client = await signIn(address);
      await client.mailboxOpen('INBOX');
      const fetched = await client.fetchOne('*', { source: true, bodyStructure: true, size: true });
      if (!fetched) throw new Error('no message');
      const source = fetched.source!;
      expect(fetched.size).toBe(source.length);
      const mail = await simpleParser(source);
      expect(mail.subject).toBe('[Syndicat SNTEST] Réunion');
      const header = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
      const link = /<(http[^>]+\/desabonnement\/([A-Za-z0-9_-]{36}))>/.exec(header)!;
      expect(source.toString('latin1')).not.toContain(PERSONAL_SLOT);
      expect(mail.html).toContain(link[1]);
      // The section offsets of the shared content hold for the personal copy.
      const part = await client.download('*', '2');
      const chunks: Buffer[] = [];
      for await (const chunk of part.content!) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString('utf8')).toContain(link[1]);
      links.push(link[2]!);
    }
    expect(links[0]).not.toBe(links[1]);
  });

  it('refuses an account that is not a union', async () => {
    const result = await cli('union', 'send', '--from', PEOPLE.teacher.address, '--subject', 'x', '--audience', 'all', 'bulletin.md');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/compte syndical/);
  });
});
