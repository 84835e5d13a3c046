/**
 * Who may hold the SMTP listener's connections (WEBMEL_MAX_CONNECTIONS): at most
 * WEBMEL_SMTP_MAX_PER_IP from one client address, so one address cannot fill the pool and make
 * every other mail server get 421.
 *
 * Decided on the raw socket, before smtp-server sees it: a refused connection gets its reply at
 * once and is closed, and never holds a slot of the pool during smtp-server's greeting delay.
 * A connection holds its slot until its socket is closed, whatever closes it: QUIT, an error,
 * or smtp-server's idle timeout (RFC 5321 4.5.3.2.7: 5 minutes without a command).
 */
import type { Socket } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import type { Logger } from '../log/logger.js';
import { AddressSlots } from '../net/address-slots.js';
import { clientAddressKey } from '../net/client-address.js';
import { serverBusy, tooManyFromAddress, type SmtpError } from './errors.js';

/** A refused client that keeps its side open is cut off after this. */
const REFUSAL_LINGER_MS = 1000;

export interface PoolLimits {
  /** Connections in all (WEBMEL_MAX_CONNECTIONS); 0 means no overall limit, as in smtp-server. */
  capacity: number;
  /** Connections per client address (WEBMEL_SMTP_MAX_PER_IP). */
  perAddress: number;
}

export type Admission = 'admitted' | 'address-limit' | 'fair-share' | 'full';

/**
 * Whether the address `key` may open one more connection.
 *
 * Fairness: while the pool has room, an address may hold up to `perAddress`. Once fewer than
 * `perAddress` slots are left (nearly full), an address that already holds connections may
 * add one only while it holds less than an equal share of the whole pool among the addresses
 * connected plus one still to come, ceil(capacity / (holders + 1)); an address holding none
 * is always let in while a slot is free. So the last slots go to servers not yet connected
 * rather than to the biggest holders, and no address grows past its share of a crowded pool.
 * Connections already held are never cut to make room (a message may be on its way): the
 * shares even out as sessions end, within the idle timeout at the latest.
 */
export function admit(slots: AddressSlots, key: string, limits: PoolLimits): Admission {
  const capacity = limits.capacity > 0 ? limits.capacity : Infinity;
  const held = slots.held(key);
  if (slots.total >= capacity) return 'full';
  if (held >= limits.perAddress) return 'address-limit';
  const nearlyFull = capacity - slots.total <= limits.perAddress;
  if (held > 0 && nearlyFull && held >= Math.ceil(capacity / (slots.holders + 1))) return 'fair-share';
  return 'admitted';
}

export interface ConnectionLimitOptions extends PoolLimits {
  hostname: string;
  /** Implicit TLS (WEBMEL_SUBMISSIONS_PORT): nothing can be said before the handshake. */
  implicitTls: boolean;
  log: Logger;
}

/**
 * Puts `admit` in front of the server: smtp-server's own connection handler (the listener's
 * 'connection' listener) runs only for the sockets admitted. Returns the slots, for tests.
 */
export function limitConnectionsPerAddress(server: SMTPServer, options: ConnectionLimitOptions): AddressSlots {
  const slots = new AddressSlots();
  const listener = server.server;
  const accept = listener.listeners('connection') as Array<(socket: Socket) => void>;
  listener.removeAllListeners('connection');
  // Addresses refused since they last freed a slot: logged once, not once per attempt.
  const refusing = new Set<string>();
  listener.on('connection', (socket: Socket) => {
    const key = clientAddressKey(socket.remoteAddress);
    const verdict = admit(slots, key, options);
    if (verdict === 'admitted') {
      const release = slots.acquire(key);
      socket.once('close', () => {
        release();
        refusing.delete(key);
      });
      for (const handler of accept) handler.call(listener, socket);
      return;
    }
    if (!refusing.has(key)) {
      refusing.add(key);
      options.log.info({ address: key, held: slots.held(key), total: slots.total, verdict }, 'smtp connections refused');
    }
    refuse(socket, verdict === 'full' ? serverBusy(options.hostname) : tooManyFromAddress(options.hostname), options.implicitTls);
  });
  return slots;
}

function refuse(socket: Socket, reply: SmtpError, implicitTls: boolean): void {
  socket.on('error', () => {}); // a client that already left
  if (implicitTls) {
    socket.destroy();
    return;
  }
  // RFC 5321 3.8: a server that will not serve a client may answer 421 at once and close; the
  // client retries later (RFC 5321 4.2.3: 421 is a transient reply).
  socket.end(`${reply.responseCode} ${reply.message}\r\n`);
  // Reading on lets the client's FIN through, so the socket closes as soon as it leaves.
  socket.resume();
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}
