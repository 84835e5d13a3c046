/**
 * The token of a union message's unsubscribe link (RFC 8058 one-click): it names the agent and
 * the union, and the day after which it no longer works, sealed with an HMAC under a key kept
 * in the database (so every process of the server reads the same). Without the key nobody can
 * make one for another agent or union; the key never leaves the server.
 *
 * 27 bytes, 36 characters of base64url, the length of the store's PERSONAL_SLOT: account id
 * (4 bytes), union id (4), last valid day since the epoch (3), HMAC-SHA256 truncated to 128 bits (16).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const DAY_MS = 86_400_000;
const MAC_BYTES = 16;
const BODY_BYTES = 11;

export interface TokenClaims {
  accountId: number;
  unionId: number;
  /** The token works until the end of this instant's UTC day. */
  validUntil: number;
}

export class UnsubscribeTokens {
  constructor(private readonly key: Buffer) {}

  issue(accountId: number, unionId: number, validUntil: number): string {
    const body = Buffer.alloc(BODY_BYTES);
    body.writeUInt32BE(accountId, 0);
    body.writeUInt32BE(unionId, 4);
    body.writeUIntBE(Math.min(Math.floor(validUntil / DAY_MS), 0xffffff), 8, 3);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  /** The claims of a token this server issued, or null for anything else (forged, cut, altered). */
  read(token: string): TokenClaims | null {
    if (!/^[A-Za-z0-9_-]{36}$/.test(token)) return null;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== BODY_BYTES + MAC_BYTES) return null;
    const body = bytes.subarray(0, BODY_BYTES);
    if (!timingSafeEqual(bytes.subarray(BODY_BYTES), this.mac(body))) return null;
    return {
      accountId: body.readUInt32BE(0),
      unionId: body.readUInt32BE(4),
      validUntil: (body.readUIntBE(8, 3) + 1) * DAY_MS - 1,
    };
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update('webmel-unsubscribe\0').update(body).digest().subarray(0, MAC_BYTES);
  }
}
