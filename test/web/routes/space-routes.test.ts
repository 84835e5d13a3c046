import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainMessage } from '../../helpers/mail-fixtures.js';
import { signedInUser, startWebTest, visibleText, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

describe('« Libérer de l’espace »', () => {
  it('lists the size of each folder and the largest messages across folders', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Petit', body: 'x' }));
    t.deliver(account, plainMessage({ subject: 'Énorme', body: 'x'.repeat(300_000) }));
    const page = await client.get('/space');
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Libérer de l’espace');
    expect(text).toMatch(/Boîte de réception 2 messages 29\d,\d ko/);
    const largest = page.text.indexOf('Énorme');
    expect(largest).toBeGreaterThan(-1);
    expect(largest).toBeLessThan(page.text.indexOf('>Petit<'));
    expect(page.text).toContain('/mbox"');
  });

  it('deletes the messages of a folder received before a date, only once confirmed', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Vieux', body: 'x' }));
    await client.get('/space');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await client.post('/space/delete-older', { folder: 'INBOX', before: tomorrow });
    expect(visibleText((await client.get('/space')).text)).toContain('Cochez la case de confirmation');
    await client.post('/space/delete-older', { folder: 'INBOX', before: tomorrow, confirm: '1' });
    expect(visibleText((await client.get('/space')).text)).toContain('1 message supprimé définitivement de Boîte de réception.');
    expect(t.webmel.services.store.usage(account.id).usedBytes).toBe(0);
  });

  it('downloads a folder as an mbox file', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Premier', body: 'From the start\nligne' }));
    t.deliver(account, plainMessage({ subject: 'Second', body: 'fin' }));
    const file = await client.get('/mailboxes/INBOX/mbox');
    expect(file.headers.get('content-type')).toBe('application/mbox');
    expect(file.headers.get('content-disposition')).toContain('filename*=UTF-8\'\'Bo%C3%AEte%20de%20r%C3%A9ception.mbox');
    const separators = file.text.match(/^From \S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/gm) ?? [];
    expect(separators.length).toBe(2);
    expect(file.text).toContain('\n>From the start\n');
    expect(file.text).not.toContain('\r\n');
  });

  it('deletes one large message for good from the list', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Énorme', body: 'x'.repeat(100_000) }));
    const page = await client.get('/space');
    const action = /action="(\/mailboxes\/INBOX\/messages\/\d+\/expunge)"/.exec(page.text)![1]!;
    const done = await client.post(action, { back: '/space' });
    expect(done.location).toBe('/space');
    expect(t.webmel.services.store.usage(account.id).usedBytes).toBe(0);
  });
});
