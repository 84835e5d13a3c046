/**
 * IDLE (RFC 2177): after `+ idling`, changes to the selected folder are pushed as they are
 * published (the session flushes while `session.idling` is set), until the client sends DONE.
 *
 * Timers: the inactivity timer (IDLE_TIMEOUT_MS, 30 minutes) runs from the client's last bytes,
 * here the IDLE command: RFC 2177 3 has clients re-issue IDLE at least every 29 minutes, and a
 * server may log off a client that idles longer. What the server writes meanwhile (updates,
 * keepalives) never resets it, so a vanished client is still dropped. The keepalive `* OK`
 * only keeps NAT gateways from forgetting the connection.
 */
import { ImapBad } from '../errors.js';
import { ArgCursor } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const idle: ImapCommand = {
  name: 'IDLE',
  states: AUTHENTICATED,
  async run(session, cmd) {
    new ArgCursor(cmd.args).end();
    session.write('+ idling\r\n');
    session.idling = true;
    // Changes queued before IDLE go out at once; later ones as they come (session.onChange).
    session.flushUpdates(true);
    const keepalive = setInterval(() => session.untagged('OK Toujours là'), session.idleKeepaliveMs);
    keepalive.unref();
    let line: Buffer;
    try {
      line = await session.nextRawLine();
    } finally {
      clearInterval(keepalive);
      session.idling = false;
    }
    if (session.isClosed) return { replied: true };
    // RFC 2177 3: "DONE" ends IDLE; anything else is a protocol error.
    if (line.toString('latin1').trim().toUpperCase() !== 'DONE') throw new ImapBad('DONE attendu pour terminer IDLE');
    return { text: 'IDLE terminé' };
  },
};
