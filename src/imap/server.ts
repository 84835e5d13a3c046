/**
 * The IMAP server (WEBMEL_IMAP_PORT): accepts connections, creates a session each, and keeps
 * the connection limits. The only place a net.Server is created for IMAP.
 *
 * Limits: connections not yet authenticated, per client address (WEBMEL_IMAP_MAX_PER_IP), so
 * one address cannot hold the server with sockets that never log in; authenticated ones, per
 * account from all addresses (WEBMEL_IMAP_MAX_PER_ACCOUNT: a desktop client opens a few, the
 * webmail one, a phone one or two). A connection moves from the first count to the second
 * when it authenticates.
 */
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import type { ImapServices } from './imap-services.js';
import { AddressSlots } from '../net/address-slots.js';
import { clientAddressKey } from '../net/client-address.js';
import { tlsCredentials } from '../tls-credentials.js';
import { startFormatWarmer } from './format-warmer.js';
import { ImapSession } from './session.js';

/** All IMAP connections together, so a flood cannot exhaust file descriptors. */
export const MAX_CONNECTIONS = 2000;
/** A refused client that keeps its side open is cut off after this. */
const REFUSAL_LINGER_MS = 1000;

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
  services: ImapServices,
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
  const unauthenticated = new AddressSlots();
  // New mail gets its ENVELOPE / BODYSTRUCTURE formatted once, before any FETCH asks.
  const warmer = startFormatWarmer(services.store, log);

  const server = net.createServer((socket) => {
    if (sessions.size >= MAX_CONNECTIONS) return refuse(socket, 'Trop de connexions, réessayez plus tard');
    const address = clientAddressKey(socket.remoteAddress);
    if (unauthenticated.held(address) >= config.imapMaxPerIp) {
      log.debug({ address }, 'imap connection refused: too many unauthenticated from this address');
      return refuse(socket, 'Trop de connexions non authentifiées depuis votre adresse, réessayez plus tard');
    }
    const releaseUnauthenticated = unauthenticated.acquire(address);
    socket.setNoDelay(true);
    const session: ImapSession = new ImapSession(socket, socket.remoteAddress ?? '', {
      services,
      log,
      secureContext,
      idleTimeoutMs: options.idleTimeoutMs,
      idleKeepaliveMs: options.idleKeepaliveMs,
      onLogin(_session, account) {
        const count = perAccount.get(account.id) ?? 0;
        if (count >= config.imapMaxPerAccount) return false;
        perAccount.set(account.id, count + 1);
        // Counted against its account from now on, no longer against its address.
        releaseUnauthenticated();
        return true;
      },
      onClose(closed) {
        releaseUnauthenticated();
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

/**
 * RFC 3501 7.1.5: BYE as the greeting of a connection the server will not serve; RFC 5530 3:
 * UNAVAILABLE says it is temporary, the client may try again later.
 */
function refuse(socket: Socket, text: string): void {
  socket.on('error', () => {}); // a client that already left
  socket.end(`* BYE [UNAVAILABLE] ${text}\r\n`);
  // Reading on lets the client's FIN through, so the socket closes as soon as it leaves.
  socket.resume();
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}
