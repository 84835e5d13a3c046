/**
 * `GET /metrics` for the addresses of WEBMEL_METRICS_ALLOW only (the socket's, never
 * X-Forwarded-For), and `GET /healthz`'s database check.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../../src/web/routes/health-routes.js';
import { metricsAllowList } from '../../../src/web/routes/metrics-routes.js';
import type { WebDeps } from '../../../src/web/web-context.js';
import { fetchFrom } from '../../helpers/fetch-from.js';
import { startWebTest, type WebTest } from '../../helpers/web.js';

let t: WebTest | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe('the metrics allow-list', () => {
  it('admits loopback by default and the CIDRs given, and nobody else', () => {
    const byDefault = metricsAllowList(['127.0.0.0/8', '::1']);
    expect(['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1'].every(byDefault)).toBe(true);
    expect(['10.0.0.5', '192.168.1.20', '2001:db8::1', '::ffff:10.0.0.5', '', undefined].some(byDefault)).toBe(false);
    const network = metricsAllowList(['10.1.0.0/16', '2001:db8::/32', '192.0.2.7']);
    expect(network('10.1.200.3')).toBe(true);
    expect(network('10.2.0.1')).toBe(false);
    expect(network('2001:db8:5::9')).toBe(true);
    expect(network('192.0.2.7')).toBe(true);
    expect(network('127.0.0.1')).toBe(false);
  });
});

describe('GET /metrics', () => {
  it('answers Prometheus text to loopback by default', async () => {
    t = await startWebTest();
    const response = await fetch(`${t.base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE webmel_accounts gauge');
    expect(text).toMatch(/^webmel_accounts_by_usage\{le="\+Inf"\} \d+$/m);
  });

  it('refuses (403) an address outside WEBMEL_METRICS_ALLOW, whatever X-Forwarded-For says', async () => {
    t = await startWebTest({ metricsAllow: ['127.0.0.2'], trustProxy: ['loopback'] });
    const refused = await fetch(`${t.base}/metrics`, { headers: { 'X-Forwarded-For': '127.0.0.2' } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('webmel_');
    const allowed = await fetchFrom('127.0.0.2')(`${t.base}/metrics`);
    expect(allowed.status).toBe(200);
  });
});

describe('GET /healthz', () => {
  it('answers 503 "db-error" when the database does not answer a trivial read', async () => {
    const app = express();
    const reading = { belowReserve: false, freeBytes: 1, reusableBytes: 0, totalBytes: 2, minFreeBytes: 0 };
    const services = { disk: { reading: () => reading }, accounts: { count: () => { throw new Error('SQLITE_IOERR'); } }, log: { error: () => {} } };
    app.use(healthRoutes({ services } as unknown as WebDeps));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'db-error' });
    } finally {
      server.close();
    }
  });

  it('answers 200 "ok" on a running Webmel', async () => {
    t = await startWebTest();
    const response = await fetch(`${t.base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});
