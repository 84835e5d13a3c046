import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { dnsMxResolver, PermanentRouteError, type MxResolver } from '../../src/outbound/mx-resolver.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startHarness, TEST_PASSWORD, type SubmissionHarness } from '../helpers/submission.js';

let h: SubmissionHarness;
let sink: SmtpSink;
let charlotte: Account;
let lookups: string[];

async function start(resolver: MxResolver, starttls = false): Promise<void> {
  sink = await startSmtpSink({ starttls });
  lookups = [];
  h = await startHarness({
    mxPort: sink.port,
    resolver: async (domain) => {
      lookups.push(domain);
      return resolver(domain);
    },
  });
  charlotte = h.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
}

afterEach(async () => {
  await h.stop();
  await sink.close();
});

const send = (to: string[]) =>
  h.transport('chabotte', TEST_PASSWORD).sendMail({ from: charlotte.address, to, subject: 'MX', text: 'direct' });

describe('outbound queue to MX hosts (injected resolver)', () => {
  it('looks up each domain once and sends one transaction per domain, with STARTTLS when offered', async () => {
    await start(async () => [{ host: '127.0.0.1', priority: 10 }], true);
    await send(['a@ac-paris.fr', 'b@ac-paris.fr', 'c@example.org']);
    expect(await h.runner.runOnce()).toEqual({ sent: 3, deferred: 0, failed: 0 });
    expect(lookups.sort()).toEqual(['ac-paris.fr', 'example.org']);
    expect(sink.messages.map((m) => m.to.sort().join(',')).sort()).toEqual(['a@ac-paris.fr,b@ac-paris.fr', 'c@example.org']);
    expect(sink.messages.every((m) => m.secure)).toBe(true);
  });

  it('falls back to the next MX when the first cannot be reached', async () => {
    // A port that was just free: the preferred MX refuses the connection.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await start(async () => [
      { host: '127.0.0.1', priority: 5, port: deadPort },
      { host: '127.0.0.1', priority: 10 },
    ]);
    await send(['a@ac-paris.fr']);
    expect(await h.runner.runOnce()).toEqual({ sent: 1, deferred: 0, failed: 0 });
  });

  it('fails at once, with a DSN, for a domain that takes no mail', async () => {
    await start(async (domain) => {
      throw new PermanentRouteError('5.1.10', `null MX: ${domain}`);
    });
    await send(['a@nulle-part.example']);
    expect(await h.runner.runOnce()).toEqual({ sent: 0, deferred: 0, failed: 1 });
    expect(h.inbox(charlotte).join('')).toContain('Status: 5.1.10');
  });

  it('defers on a temporary DNS failure', async () => {
    await start(async () => {
      throw Object.assign(new Error('queryMx ESERVFAIL'), { code: 'ESERVFAIL' });
    });
    await send(['a@ac-paris.fr']);
    expect(await h.runner.runOnce()).toEqual({ sent: 0, deferred: 1, failed: 0 });
    expect(h.services.outbound.list()[0]!.recipients[0]!.lastError).toMatch(/^451 4\.4\.3 /);
  });
});

describe('dnsMxResolver (with an injected lookup, no DNS)', () => {
  it('orders MX hosts by preference and treats a domain without MX as its own host', async () => {
    const resolve = dnsMxResolver(async (domain) => {
      if (domain === 'sans-mx.example') throw Object.assign(new Error('ENODATA'), { code: 'ENODATA' });
      return [
        { exchange: 'mx2.example', priority: 20 },
        { exchange: 'mx1.example', priority: 10 },
      ];
    });
    expect(await resolve('example.org')).toEqual([
      { host: 'mx1.example', priority: 10 },
      { host: 'mx2.example', priority: 20 },
    ]);
    expect(await resolve('sans-mx.example')).toEqual([{ host: 'sans-mx.example', priority: 0 }]);
    expect(await resolve('[192.0.2.7]')).toEqual([{ host: '192.0.2.7', priority: 0 }]);
  });

  it('refuses a null MX (RFC 7505) and a domain that does not exist, permanently', async () => {
    const nullMx = dnsMxResolver(async () => [{ exchange: '', priority: 0 }]);
    await expect(nullMx('x.example')).rejects.toMatchObject({ status: '5.1.10' });
    const missing = dnsMxResolver(async () => {
      throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    });
    await expect(missing('x.example')).rejects.toBeInstanceOf(PermanentRouteError);
  });
});
