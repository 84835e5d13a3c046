// A real client, isync's mbsync, synchronises the account with a local Maildir both ways:
// LIST, SELECT, UID FETCH, APPEND, STORE, CREATE as a desktop client uses them. Skipped where
// mbsync is not installed (apt package isync).
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { INBOX } from '../../src/store/mail-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startTestWebmel, testNumen, type TestWebmel } from '../helpers/webmel.js';

const hasMbsync = spawnSync('mbsync', ['--version']).status === 0;

let webmel: TestWebmel;
let charlotte: Account;
let numen: string;
let temp: { dir: string; cleanup(): void };

beforeEach(async () => {
  webmel = await startTestWebmel();
  numen = testNumen();
  charlotte = webmel.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen });
  temp = makeTempDir();
});
afterEach(async () => {
  await webmel.stop();
  temp.cleanup();
});

/** Runs `mbsync -a` with a configuration for this server and a Maildir in the temp folder. */
async function mbsync(): Promise<string> {
  const maildir = path.join(temp.dir, 'mail');
  fs.mkdirSync(maildir, { recursive: true });
  const config = path.join(temp.dir, 'mbsyncrc');
  fs.writeFileSync(
    config,
    [
      'IMAPAccount webmel',
      'Host 127.0.0.1',
      `Port ${webmel.ports.imap}`,
      'User chabotte',
      `Pass ${numen}`,
      'SSLType None',
      'AuthMechs LOGIN',
      '',
      'IMAPStore far',
      'Account webmel',
      '',
      'MaildirStore near',
      `Path ${maildir}/`,
      `Inbox ${maildir}/INBOX`,
      'SubFolders Verbatim',
      '',
      'Channel sync',
      'Far :far:',
      'Near :near:',
      'Patterns *',
      'Create Both',
      'Expunge Both',
      'Sync All',
      `SyncState *`,
      '',
    ].join('\n'),
  );
  // Asynchronously: the server runs in this process and must keep answering.
  const { stdout } = await promisify(execFile)('mbsync', ['-V', '-c', config, '-a'], { encoding: 'utf8', timeout: 20_000 });
  return stdout;
}

function maildirFiles(folder: string): string[] {
  const dir = path.join(temp.dir, 'mail', folder);
  return ['cur', 'new'].flatMap((sub) => {
    const full = path.join(dir, sub);
    return fs.existsSync(full) ? fs.readdirSync(full).map((name) => path.join(full, name)) : [];
  });
}

describe.skipIf(!hasMbsync)('mbsync', () => {
  it('downloads every folder and message, and uploads a new local folder, message and flag', async () => {
    for (const subject of ['Réunion de rentrée', 'Inspection']) {
      const raw = `From: dpe@ac-paris.fr\r\nTo: ${charlotte.address}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.length}@ac-paris.fr>\r\n\r\nBonjour.\r\n`;
      webmel.services.delivery.deliver(Buffer.from(raw), 'dpe@ac-paris.fr', [charlotte]);
    }
    webmel.services.store.createMailbox(charlotte.id, 'Cours/Maths');
    await mbsync();
    expect(maildirFiles('INBOX')).toHaveLength(2);
    // isync 1.4 keeps the names as they are on the wire (modified UTF-7).
    for (const folder of ['Archives', 'Brouillons', 'Corbeille', 'Envoy&AOk-s', 'Ind&AOk-sirables', 'Cours/Maths']) {
      expect(fs.existsSync(path.join(temp.dir, 'mail', folder, 'cur')), folder).toBe(true);
    }
    const first = fs.readFileSync(maildirFiles('INBOX').sort()[0]!, 'utf8');
    expect(first).toContain('Bonjour.');

    // Locally: a new folder with a message, and INBOX's first message flagged (`F` in its name).
    const projets = path.join(temp.dir, 'mail', 'Projets');
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(projets, sub), { recursive: true });
    fs.writeFileSync(path.join(projets, 'cur', '1700000000.1.local:2,S'), 'From: moi@ac-test.fr\r\nSubject: Projet\r\n\r\nIdée.\r\n');
    const inboxFile = maildirFiles('INBOX').sort()[0]!;
    fs.renameSync(inboxFile, inboxFile.replace(/:2,([A-Z]*)$/, (_all, flags: string) => `:2,${[...new Set(`F${flags}`)].sort().join('')}`));
    await mbsync();

    const { store } = webmel.services;
    const folder = store.findMailbox(charlotte.id, 'Projets');
    expect(folder).toBeTruthy();
    const uploaded = store.messageIndex(folder!.id);
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]!.flags & 1).toBe(1); // \Seen
    const inbox = store.messageIndex(store.getMailbox(charlotte.id, INBOX).id);
    expect(inbox.filter((entry) => entry.flags & 4)).toHaveLength(1); // \Flagged
  });
});
