/**
 * Which addresses an authenticated user may send as: their address, or the login alias
 * `login@domain` that delivery also accepts. Case-insensitive (RFC 5321 2.4: the domain
 * always is; we treat local parts so too, as delivery does).
 */
import type { Account } from '../accounts/account-store.js';
import { normalizeAddress } from '../accounts/identity.js';

export function ownsAddress(account: Pick<Account, 'address' | 'login'>, domain: string, address: string): boolean {
  const wanted = normalizeAddress(address);
  return wanted === account.address || wanted === `${account.login}@${domain.toLowerCase()}`;
}
