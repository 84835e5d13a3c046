import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeepAliveClient } from '../../../bench/lib/keep-alive-client.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

function client(port: number): KeepAliveClient {
  const made = new KeepAliveClient('127.0.0.1', port);
  closers.push(async () => made.close());
  return made;
}

/** A raw server answering each request on a connection with the next of `answers`, written a few bytes at a time. */
async function rawServer(answers: string[], bytesPerWrite = 7): Promise<{ port: number; connections: () => number }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    let next = 0;
    let received = '';
    socket.on('data', async (chunk) => {
      received += chunk.toString('latin1');
      while (received.includes('\r\n\r\n')) {
        received = received.slice(received.indexOf('\r\n\r\n') + 4);
        const answer = answers[next++ % answers.length]!;
        for (let at = 0; at < answer.length; at += bytesPerWrite) {
          socket.write(answer.slice(at, at + bytesPerWrite));
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    });
    socket.on('error', () => {});
  });
  const port = await listen(server);
  closers.push(async () => sockets.forEach((socket) => socket.destroy()));
  return { port, connections: () => sockets.length };
}

describe('the load generator keeps one connection and reads whole responses', () => {
  it('reads Content-Length and chunked bodies from node:http, on one kept-alive connection', async () => {
    let connections = 0;
    const seenCookies: string[] = [];
    const server = http.createServer((req, res) => {
      seenCookies.push(String(req.headers.cookie));
      if (req.url === '/chunked') {
        res.write('a'.repeat(5000));
        res.end('b'.repeat(300));
      } else {
        res.setHeader('Content-Length', 70_000);
        res.end('x'.repeat(70_000));
      }
    });
    server.on('connection', () => connections++);
    server.keepAliveTimeout = 5000;
    const port = await listen(server);
    closers.push(async () => server.closeAllConnections());
    const http11 = client(port);

    expect(await http11.get('/length', ['Cookie: s=1'])).toEqual({ status: 200, bodyBytes: 70_000 });
    expect(await http11.get('/chunked', ['Cookie: s=2'])).toEqual({ status: 200, bodyBytes: 5300 });
    expect(await http11.get('/length')).toEqual({ status: 200, bodyBytes: 70_000 });
    expect(connections).toBe(1);
    expect(seenCookies.slice(0, 2)).toEqual(['s=1', 's=2']);
  });

  it('reads responses that arrive a few bytes at a time, with chunk extensions and trailers', async () => {
    const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n3\r\nefg\r\n0\r\nX-Trailer: yes\r\n\r\n';
    const notModified = 'HTTP/1.1 304 Not Modified\r\nETag: "1"\r\n\r\n';
    const empty = 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n';
    const { port, connections } = await rawServer([chunked, notModified, empty]);
    const raw = client(port);

    expect(await raw.get('/')).toEqual({ status: 200, bodyBytes: 7 });
    expect(await raw.get('/')).toEqual({ status: 304, bodyBytes: 0 });
    expect(await raw.get('/')).toEqual({ status: 404, bodyBytes: 0 });
    expect(await raw.get('/')).toEqual({ status: 200, bodyBytes: 7 });
    expect(connections()).toBe(1);
  });

  it('opens a new connection after a response that closes its own', async () => {
    const closing = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';
    const { port, connections } = await rawServer([closing]);
    const raw = client(port);

    expect(await raw.get('/')).toEqual({ status: 200, bodyBytes: 2 });
    expect(await raw.get('/')).toEqual({ status: 200, bodyBytes: 2 });
    expect(connections()).toBe(2);
  });

  it('fails the request, not the process, on a malformed answer or a connection cut short', async () => {
    const garbage = await rawServer(['SMTP 220 hello\r\n\r\n']);
    await expect(client(garbage.port).get('/')).rejects.toThrow(/malformed status line/);

    const cut = net.createServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'));
    });
    const cutPort = await listen(cut);
    await expect(client(cutPort).get('/')).rejects.toThrow(/closed before the response ended/);
  });

  it('sends a GET again on a new connection when a kept one is closed before answering, once', async () => {
    // Each connection answers its first request and drops the second unanswered, as a server
    // whose idle timeout crosses the client's write does.
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      sockets.push(socket);
      let requests = 0;
      socket.on('data', () => {
        requests++;
        if (requests === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else socket.destroy();
      });
    });
    const port = await listen(server);
    closers.push(async () => sockets.forEach((socket) => socket.destroy()));
    const kept = client(port);

    expect(await kept.get('/')).toEqual({ status: 200, bodyBytes: 2 });
    expect(await kept.get('/')).toEqual({ status: 200, bodyBytes: 2 });
    expect(sockets.length).toBe(2);

    // A new connection that closes unanswered is a failure: nothing is sent a third time.
    const silent = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    await expect(client(await listen(silent)).get('/')).rejects.toThrow(/closed before any response/);
  });

  it('refuses a second request while one is in flight on the same connection', async () => {
    const { port } = await rawServer(['HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n.']);
    const raw = client(port);
    const first = raw.get('/');
    await expect(raw.get('/')).rejects.toThrow(/one request at a time/);
    expect(await first).toEqual({ status: 200, bodyBytes: 1 });
  });
});
