import { afterEach, describe, expect, it } from 'vitest';
import { AddressSlots } from '../../src/net/address-slots.js';
import { admit } from '../../src/smtp/connection-admission.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { startHarness, type SubmissionHarness } from '../helpers/submission.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel | undefined;
let harness: SubmissionHarness | undefined;
const opened: RawSmtp[] = [];

afterEach(async () => {
  for (const smtp of opened.splice(0)) smtp.close();
  await webmel?.stop();
  await harness?.stop();
  webmel = undefined;
  harness = undefined;
});

async function connectFrom(port: number, localAddress: string): Promise<RawSmtp> {
  const smtp = await RawSmtp.connect(port, { localAddress });
  opened.push(smtp);
  return smtp;
}

/** Holds `n` connections from `address` open at once; returns their greetings. */
async function flood(port: number, address: string, n: number): Promise<string[]> {
  const clients = await Promise.all(Array.from({ length: n }, () => connectFrom(port, address)));
  return clients.map((client) => client.greeting);
}

describe('SMTP connections per client address', () => {
  it('keeps serving other servers while one address holds 200 idle connections', async () => {
    webmel = await startTestWebmel();
    const { smtpMaxPerIp, smtpMaxConnections } = webmel.config;
    expect([smtpMaxPerIp, smtpMaxConnections]).toEqual([20, 200]);
    const greetings = await flood(webmel.ports.smtp, '127.0.0.2', 200);
    expect(greetings.filter((g) => g.startsWith('220 '))).toHaveLength(20);
    const refused = greetings.filter((g) => !g.startsWith('220 '));
    expect(refused).toHaveLength(180);
    for (const reply of refused) expect(reply).toMatch(/^421 4\.7\.0 mail\.ac-test\.fr .*too many concurrent connections from your address/);
    const other = await connectFrom(webmel.ports.smtp, '127.0.0.3');
    expect(other.greeting).toMatch(/^220 /);
    expect(await other.command('EHLO other.example.org')).toMatch(/^250/);
  });

  it('refuses the 21st connection of an address with 421 4.7.0 and closes it, and admits it again once one ends', async () => {
    webmel = await startTestWebmel();
    const held = await Promise.all(Array.from({ length: 20 }, () => connectFrom(webmel!.ports.smtp, '127.0.0.2')));
    expect(held.every((smtp) => smtp.greeting.startsWith('220 '))).toBe(true);
    const extra = await connectFrom(webmel.ports.smtp, '127.0.0.2');
    expect(extra.greeting).toMatch(/^421 4\.7\.0 /);
    expect(await extra.read()).toBe(''); // closed by the server
    expect(await held[0]!.command('QUIT')).toMatch(/^221/);
    await expect.poll(async () => (await connectFrom(webmel!.ports.smtp, '127.0.0.2')).greeting).toMatch(/^220 /);
  });

  it('frees the slot of an idle session when it times out', async () => {
    webmel = await startTestWebmel({ smtpMaxPerIp: 1, smtpSocketTimeoutMs: 300 });
    const idle = await connectFrom(webmel.ports.smtp, '127.0.0.2');
    expect(idle.greeting).toMatch(/^220 /);
    expect((await connectFrom(webmel.ports.smtp, '127.0.0.2')).greeting).toMatch(/^421 4\.7\.0 /);
    // RFC 5321 4.5.3.2: the silent session is closed after the timeout (421 from smtp-server).
    expect(await idle.read()).toMatch(/^421 /);
    await expect.poll(async () => (await connectFrom(webmel!.ports.smtp, '127.0.0.2')).greeting).toMatch(/^220 /);
  });

  it('applies the same limit to the submission port', async () => {
    harness = await startHarness({ config: { smtpMaxPerIp: 2 } });
    const greetings = await flood(harness.port, '127.0.0.2', 3);
    expect(greetings.filter((g) => g.startsWith('220 '))).toHaveLength(2);
    expect(greetings.filter((g) => /^421 4\.7\.0 /.test(g))).toHaveLength(1);
    expect((await connectFrom(harness.port, '127.0.0.3')).greeting).toMatch(/^220 /);
  });
});

describe('sharing a nearly full pool', () => {
  const limits = { capacity: 10, perAddress: 5 };
  const fill = (slots: AddressSlots, key: string, n: number) => {
    for (let i = 0; i < n; i++) slots.acquire(key);
  };

  it('lets an address use its whole allowance while the pool has room', () => {
    const slots = new AddressSlots();
    fill(slots, 'a', 4);
    expect(admit(slots, 'a', limits)).toBe('admitted');
    fill(slots, 'a', 1);
    expect(admit(slots, 'a', limits)).toBe('address-limit');
  });

  it('keeps the last slots for addresses not yet connected rather than for the ones already there', () => {
    const slots = new AddressSlots();
    fill(slots, 'a', 5);
    fill(slots, 'b', 3);
    // 2 slots left, fewer than an allowance: b's share is ceil(10 / (2 holders + 1)) = 4.
    expect(admit(slots, 'b', limits)).toBe('admitted');
    fill(slots, 'b', 1);
    expect(admit(slots, 'b', limits)).toBe('fair-share');
    // The last slot goes to a newcomer; then the pool is full for everyone.
    expect(admit(slots, 'c', limits)).toBe('admitted');
    fill(slots, 'c', 1);
    expect(admit(slots, 'd', limits)).toBe('full');
  });

  it('has no overall limit when WEBMEL_MAX_CONNECTIONS is 0', () => {
    const slots = new AddressSlots();
    fill(slots, 'a', 1000);
    expect(admit(slots, 'b', { capacity: 0, perAddress: 4 })).toBe('admitted');
  });
});
