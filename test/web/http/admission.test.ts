import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { admission } from '../../../src/web/http/admission.js';

/** An app whose /hold/:id answers only when the test releases it; /now answers at once. */
function startApp(options: { limit: number; releaseAfterMs: number }) {
  const started: string[] = [];
  const held = new Map<string, () => void>();
  const app = express();
  app.use(admission(options));
  app.get('/hold/:id', (req, res) => {
    started.push(req.params.id);
    held.set(req.params.id, () => res.end(req.params.id));
  });
  app.get('/now', (_req, res) => {
    started.push('now');
    res.end('now');
  });
  const server = http.createServer(app);
  return new Promise<{ server: http.Server; url: string; started: string[]; release: (id: string) => void }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ server, url, started, release: (id) => held.get(id)!() });
    });
  });
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Resolves when `check` holds (requests cross real sockets, so their arrival takes a moment). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('admission of webmail requests', () => {
  it('works on at most `limit` requests at once and lets the others in in arrival order', async () => {
    const app = await startApp({ limit: 2, releaseAfterMs: 60_000 });
    servers.push(app.server);
    const answers = [get(`${app.url}/hold/a`), get(`${app.url}/hold/b`)];
    await until(() => app.started.length === 2);
    answers.push(get(`${app.url}/hold/c`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    answers.push(get(`${app.url}/now`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.started).toEqual(['a', 'b']);
    app.release('a');
    await until(() => app.started.length === 3);
    expect(app.started).toEqual(['a', 'b', 'c']);
    app.release('b');
    await until(() => app.started.length === 4);
    app.release('c');
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'now']);
  });

  it('lets the next request in when a slow one has run past its time, without cutting the slow one', async () => {
    const app = await startApp({ limit: 1, releaseAfterMs: 50 });
    servers.push(app.server);
    const slow = get(`${app.url}/hold/slow`);
    await until(() => app.started.length === 1);
    expect(await get(`${app.url}/now`)).toBe('now');
    app.release('slow');
    expect(await slow).toBe('slow');
  });

  it('gives the turn of a client that left while waiting to the next one', async () => {
    const app = await startApp({ limit: 1, releaseAfterMs: 60_000 });
    servers.push(app.server);
    const first = get(`${app.url}/hold/first`);
    await until(() => app.started.length === 1);
    const leaving = http.get(`${app.url}/hold/gone`, { agent: false });
    leaving.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 30));
    leaving.destroy();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const next = get(`${app.url}/now`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    app.release('first');
    expect(await next).toBe('now');
    expect(await first).toBe('first');
    expect(app.started).toEqual(['first', 'now']);
  });
});
