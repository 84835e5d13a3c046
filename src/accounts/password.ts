/**
 * Password and NUMEN hashing with scrypt from node:crypto. The stored form carries its own
 * parameters (`scrypt$N$r$p$salt$hash`, base64) so the cost can be raised later without
 * invalidating existing hashes.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** N = 2^14 costs about 50 ms and 16 MiB here: slow for a guesser, fine for one sign-in. */
const DEFAULT_COST = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

let currentCost: ScryptCost = DEFAULT_COST;

/**
 * Called once per scrypt verification. Tests count verifications with it to prove that every
 * sign-in costs the same whatever the account (a count, not a timing); production never sets it.
 */
let verificationObserver: (() => void) | null = null;

export function observeVerificationsForTests(observer: (() => void) | null): void {
  verificationObserver = observer;
}

/** Tests lower the cost so that creating many accounts stays quick; production never calls this. */
export function setScryptCostForTests(cost: ScryptCost): void {
  currentCost = cost;
}

function encode(cost: ScryptCost, salt: Buffer, key: Buffer): string {
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function decode(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every(Number.isInteger)) return null;
  return { cost: { N, r, p }, salt: Buffer.from(parts[4]!, 'base64'), key: Buffer.from(parts[5]!, 'base64') };
}

function maxmem(cost: ScryptCost): number {
  return 256 * cost.N * cost.r + 1024 * 1024;
}

export function hashSecretSync(secret: string): string {
  const salt = randomBytes(SALT_BYTES);
  const key = scryptSync(secret.normalize('NFC'), salt, KEY_BYTES, { ...currentCost, maxmem: maxmem(currentCost) });
  return encode(currentCost, salt, key);
}

export function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const cost = currentCost;
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem: maxmem(cost) }, (err, key) =>
      err ? reject(err) : resolve(encode(cost, salt, key)),
    );
  });
}

/** Runs in libuv's thread pool so a sign-in never blocks the mail servers. */
export function verifySecret(secret: string, stored: string): Promise<boolean> {
  const decoded = decode(stored);
  if (!decoded) return Promise.resolve(false);
  const { cost, salt, key } = decoded;
  verificationObserver?.();
  return new Promise((resolve) => {
    scrypt(secret.normalize('NFC'), salt, key.length, { ...cost, maxmem: maxmem(cost) }, (err, derived) => {
      resolve(!err && derived.length === key.length && timingSafeEqual(derived, key));
    });
  });
}

export function verifySecretSync(secret: string, stored: string): boolean {
  const decoded = decode(stored);
  if (!decoded) return false;
  const { cost, salt, key } = decoded;
  verificationObserver?.();
  const derived = scryptSync(secret.normalize('NFC'), salt, key.length, { ...cost, maxmem: maxmem(cost) });
  return timingSafeEqual(derived, key);
}

/**
 * Verifies `secret` against `stored`, or, when there is no stored hash (unknown login), against
 * a random one of today's cost that nothing matches: the answer and the work are the same
 * whether or not the account exists, so neither the reply nor its timing tells them apart.
 */
export function verifySecretOrDummy(secret: string, stored: string | null): Promise<boolean> {
  return verifySecret(secret, stored ?? encode(currentCost, randomBytes(SALT_BYTES), randomBytes(KEY_BYTES)));
}
