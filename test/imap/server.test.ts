import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { RawImap } from '../helpers/imap.js';
import { startTestWebmel, testNumen, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel | undefined;
let numen: string;
const opened: RawImap[] = [];

/** A Webmel with Charlotte Habotté (password = her NUMEN). */
async function start(overrides: Partial<Config> = {}): Promise<TestWebmel> {
  webmel = await startTestWebmel(overrides);
  numen = testNumen();
  webmel.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen });
  return webmel;
}

afterEach(async () => {
  for (const imap of opened.splice(0)) imap.close();
  await webmel?.stop();
  webmel = undefined;
});

async function connectFrom(localAddress: string): Promise<RawImap> {
  const imap = await RawImap.connect(webmel!.ports.imap, { localAddress });
  opened.push(imap);
  return imap;
}

describe('IMAP connections per client address before login', () => {
  it('refuses the 51st unauthenticated connection of an address with BYE [UNAVAILABLE] and serves other addresses', async () => {
    expect((await start()).config.imapMaxPerIp).toBe(50);
    const held = await Promise.all(Array.from({ length: 50 }, () => connectFrom('127.0.0.2')));
    expect(held.every((imap) => imap.greeting.startsWith('* OK '))).toBe(true);
    const refused = await connectFrom('127.0.0.2');
    expect(refused.greeting).toMatch(/^\* BYE \[UNAVAILABLE\] /);
    await refused.closed();
    const other = await connectFrom('127.0.0.3');
    expect(other.greeting).toMatch(/^\* OK /);
  });

  it('stops counting a connection against its address once it has logged in', async () => {
    await start({ imapMaxPerIp: 2 });
    const first = await connectFrom('127.0.0.2');
    await connectFrom('127.0.0.2');
    expect((await connectFrom('127.0.0.2')).greeting).toMatch(/^\* BYE \[UNAVAILABLE\] /);
    expect((await first.command(`a1 LOGIN chabotte ${numen}`)).at(-1)).toMatch(/^a1 OK /);
    await expect.poll(async () => (await connectFrom('127.0.0.2')).greeting).toMatch(/^\* OK /);
  });
});

describe('IMAP connections per account', () => {
  it('refuses the 21st simultaneous login of one account with NO [LIMIT], other accounts still log in', async () => {
    expect((await start()).config.imapMaxPerAccount).toBe(20);
    const addresses = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
    const sessions: RawImap[] = [];
    for (let i = 0; i < 20; i++) {
      const imap = await connectFrom(addresses[i % addresses.length]!);
      expect((await imap.command(`a${i} LOGIN chabotte ${numen}`)).at(-1)).toMatch(new RegExp(`^a${i} OK `));
      sessions.push(imap);
    }
    const extra = await connectFrom('127.0.0.6');
    expect((await extra.command(`z1 LOGIN chabotte ${numen}`)).at(-1)).toMatch(/^z1 NO \[LIMIT\] /);
    // Refused, the connection stays open and not authenticated.
    expect((await extra.command('z2 SELECT INBOX')).at(-1)).toMatch(/^z2 BAD /);
    const marcNumen = testNumen();
    webmel!.services.accounts.create({ prenom: 'Marc', nom: 'Lefèvre', numen: marcNumen });
    const marc = await connectFrom('127.0.0.2');
    expect((await marc.command(`m1 LOGIN mlefevre ${marcNumen}`)).at(-1)).toMatch(/^m1 OK /);
    // One of hers logs out: the next login gets its place.
    expect((await sessions[0]!.command('b1 LOGOUT')).at(-1)).toMatch(/^b1 OK /);
    await sessions[0]!.closed();
    await expect
      .poll(async () => (await extra.command(`z3 LOGIN chabotte ${numen}`)).at(-1))
      .toMatch(/^z3 OK /);
  });
});
