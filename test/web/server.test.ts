import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { startWebServer, type WebServer } from '../../src/web/server.js';
import { startWebTest, WebClient, type WebTest } from '../helpers/web.js';

let t: WebTest;
let web: WebServer;
let lines: string[];

beforeEach(async () => {
  t = await startWebTest();
  lines = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // The same services, with a logger we can read.
  const services = { ...t.webmel.services, log: createLogger('debug', sink) };
  const ports = t.webmel.ports as unknown as Record<string, number>;
  web = await startWebServer(services, { imapHost: '127.0.0.1', imapPort: ports.imap ?? 9 });
});
afterEach(async () => {
  await web.close();
  await t.stop();
});

describe('logs', () => {
  it('never carry a password or a NUMEN, nor what was typed as an unknown login', async () => {
    const { account, numen } = t.user({ prenom: 'Claire', nom: 'Fontaine', birthDate: '1985-04-12' });
    const client = new WebClient(`http://127.0.0.1:${web.port}`);
    await client.signIn('Mon-Mot-De-Passe-Tapé-Ici!', 'x');
    await client.signIn(account.login, 'Faux-Mot-2024!');
    await client.get('/password/forgot');
    await client.post('/password/forgot', { login: account.login, birthDate: '12/04/1985', numen: '02G2099999ZZZ', password: 'Nouveau-Mot-2024!', confirmation: 'Nouveau-Mot-2024!' });
    await client.post('/password/forgot', { login: account.login, birthDate: '12/04/1985', numen, password: 'Nouveau-Mot-2024!', confirmation: 'Nouveau-Mot-2024!' });
    await client.get('/login/forgot');
    await client.post('/login/forgot', { nom: 'Fontaine', prenom: 'Claire', birthDate: '12/04/1985', numen });
    const log = lines.join('');
    expect(log).toContain('web sign-in refused');
    expect(log).toContain('password reset with NUMEN');
    expect(log).toContain(account.login);
    for (const secret of ['Mon-Mot-De-Passe', 'Faux-Mot-2024', 'Nouveau-Mot-2024', numen, '02G2099999ZZZ']) {
      expect(log, secret).not.toContain(secret);
    }
  });
});
