/**
 * The IMAP server (WEBMEL_IMAP_PORT): accepts connections, creates a session each, counts
 * connections per account. The only place a net.Server is created for IMAP.
 */
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import type { Services } from '../app.js';
import { tlsCredentials } from '../tls-credentials.js';
import { startFormatWarmer } from './format-warmer.js';
import { ImapSession } from './session.js';

/** Per account, from all addresses: a desktop client opens a few, the webmail one. */
export const MAX_CONNECTIONS_PER_ACCOUNT = 32;
/** All IMAP connections together, so a flood cannot exhaust file descriptors. */
export const MAX_CONNECTIONS = 2000;

export interface ImapServerHandle {
  port: number;
  sessions: ReadonlySet<ImapSession>;
  close(): Promise<void>;
}

/** Timers a test may shorten; production uses the defaults from session.ts. */
export interface ImapServerOptions {
  idleTimeoutMs?: number;
  idleKeepaliveMs?: number;
}

export async function startImapServer(
  services: Services,
  port = services.config.imapPort,
  options: ImapServerOptions = {},
): Promise<ImapServerHandle> {
  const { config } = services;
  const log = services.log.child({ svc: 'imap' });
  const secureContext = config.tls
    ? tls.createSecureContext(tlsCredentials(config.tls))
    : null;
  const sessions = new Set<ImapSession>();
  const perAccount = new Map<number, number>();
  // New mail gets its ENVELOPE / BODYSTRUCTURE formatted once, before any FETCH asks.
  const warmer = startFormatWarmer(services.store, log);

  const server = net.createServer((socket) => {
    if (sessions.size >= MAX_CONNECTIONS) {
      socket.end('* BYE Trop de connexions, réessayez plus tard\r\n');
      return;
    }
    socket.setNoDelay(true);
    const session: ImapSession = new ImapSession(socket, socket.remoteAddress ?? '', {
      services,
      log,
      secureContext,
      idleTimeoutMs: options.idleTimeoutMs,
      idleKeepaliveMs: options.idleKeepaliveMs,
      onLogin(_session, account) {
        const count = perAccount.get(account.id) ?? 0;
        if (count >= MAX_CONNECTIONS_PER_ACCOUNT) return false;
        perAccount.set(account.id, count + 1);
        return true;
      },
      onClose(closed) {
        sessions.delete(closed);
        if (closed.account) {
          const count = (perAccount.get(closed.account.id) ?? 1) - 1;
          if (count <= 0) perAccount.delete(closed.account.id);
          else perAccount.set(closed.account.id, count);
        }
      },
    });
    sessions.add(session);
    session.greet();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    sessions,
    async close() {
      warmer.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) {
        session.untagged('BYE Arrêt du serveur');
        session.close();
      }
      await closed;
    },
  };
}
