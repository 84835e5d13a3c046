import { afterEach, describe, expect, it } from 'vitest';
import { plainMessage } from '../../helpers/mail-fixtures.js';
import { signedInUser, startInProcessWebTest, visibleText } from '../../helpers/web.js';

let t: Awaited<ReturnType<typeof startInProcessWebTest>> | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('the webmail under the IMAP connection limits', () => {
  it('serves more signed-in readers than the per-address limit allows unauthenticated connections', async () => {
    // Every pool connection comes from loopback; each counts against the address only until it
    // has authenticated (the service identity acting for its reader).
    t = await startInProcessWebTest({ imapMaxPerIp: 2 });
    const names = [
      { prenom: 'Claire', nom: 'Fontaine' },
      { prenom: 'Marc', nom: 'Lefèvre' },
      { prenom: 'Inès', nom: 'Barakat' },
      { prenom: 'Paul', nom: 'Girard' },
    ];
    const readers: Array<Awaited<ReturnType<typeof signedInUser>>> = [];
    for (const name of names) readers.push(await signedInUser(t, name));
    for (const reader of readers) t.deliver(reader.account, plainMessage({ subject: `Pour ${reader.account.prenom}`, body: 'x' }));
    const pages = await Promise.all(readers.map((reader) => reader.client.get('/mailboxes/INBOX')));
    pages.forEach((page, i) => {
      expect(page.status).toBe(200);
      expect(visibleText(page.text)).toContain(`Pour ${readers[i]!.account.prenom}`);
    });
    expect(t.inProcessWeb.pool.size).toBe(4);
  });
});
