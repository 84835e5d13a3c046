// Commands pipelined after STARTTLS arrive in clear: a man in the middle could have added them.
// They must be dropped, not run inside the TLS session (the CVE-2011-0411 class of bugs).
// Before the fix, `a2 CAPABILITY` sent with `a1 STARTTLS` was answered over TLS.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import getTLSOptions from 'smtp-server/lib/tls-options.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startImapServer, type ImapServerHandle } from '../../src/imap/server.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel;
let server: ImapServerHandle;
let cleanup: () => void;

beforeEach(async () => {
  // smtp-server's bundled self-signed certificate, written where the configuration points.
  const { key, cert } = getTLSOptions();
  const temp = makeTempDir('webmel-tls-');
  cleanup = temp.cleanup;
  fs.writeFileSync(path.join(temp.dir, 'key.pem'), String(key));
  fs.writeFileSync(path.join(temp.dir, 'cert.pem'), String(cert));
  webmel = await startTestWebmel();
  const config = { ...webmel.config, tls: { key: path.join(temp.dir, 'key.pem'), cert: path.join(temp.dir, 'cert.pem') } };
  server = await startImapServer({ ...webmel.services, config }, 0);
});
afterEach(async () => {
  await server.close();
  await webmel.stop();
  cleanup();
});

/** Reads from `socket` until `text` has arrived; returns everything read. */
function readUntil(socket: net.Socket | tls.TLSSocket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!received.includes(text)) return;
      socket.off('data', onData);
      resolve(received);
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed; got ${received}`)));
  });
}

it('drops commands pipelined after STARTTLS instead of running them over TLS', async () => {
  const socket = net.connect(server.port, '127.0.0.1');
  expect(await readUntil(socket, '\r\n')).toContain('STARTTLS');
  const plain = readUntil(socket, 'a1 ');
  socket.write('a1 STARTTLS\r\na2 CAPABILITY\r\n');
  expect(await plain).toMatch(/a1 OK /);
  const secure = tls.connect({ socket, rejectUnauthorized: false });
  await new Promise((resolve) => secure.once('secureConnect', resolve));
  const reply = readUntil(secure, 'a3 ');
  secure.write('a3 CAPABILITY\r\n');
  const text = await reply;
  expect(text).not.toContain('a2 ');
  expect(text).toMatch(/^\* CAPABILITY [^\r]*\r\na3 OK /);
  // Over TLS, STARTTLS is no longer offered.
  expect(text).not.toContain('STARTTLS');
  secure.destroy();
});
