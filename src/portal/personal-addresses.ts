/**
 * The personal address an agent may give on I-Prof's home page (« Pour recevoir des
 * informations, saisissez votre mél personnel »), where the courrier's notices are also sent.
 * Optional, the agent's own, shown to nobody else.
 */
import type { Db } from '../db/database.js';
import { PortalError } from './portal-error.js';

/** RFC 5321 caps a path at 256 octets, so an address at 254. */
const MAX_ADDRESS_CHARS = 254;
/** One @, a local part and a domain with a dot: enough to catch a typing error, not a validator of every RFC 5322 form. */
const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]{2,}$/u;

export class PersonalAddresses {
  private readonly stmt;

  constructor(db: Db, private readonly academicDomain: string) {
    this.stmt = {
      get: db.prepare(`SELECT address FROM portal_personal_addresses WHERE account_id = ?`).pluck(),
      set: db.prepare(
        `INSERT INTO portal_personal_addresses (account_id, address, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET address = excluded.address, updated_at = excluded.updated_at`,
      ),
      clear: db.prepare(`DELETE FROM portal_personal_addresses WHERE account_id = ?`),
    };
  }

  of(accountId: number): string | null {
    return (this.stmt.get.get(accountId) as string | undefined) ?? null;
  }

  /** Records the address (an empty one clears it); a malformed or academic one is refused. */
  set(accountId: number, text: string): string | null {
    const address = text.trim().toLowerCase();
    if (address === '') {
      this.stmt.clear.run(accountId);
      return null;
    }
    if (address.length > MAX_ADDRESS_CHARS || !ADDRESS.test(address)) {
      throw new PortalError(`Adresse invalide « ${text.trim().slice(0, 80)} » : saisissez une adresse de la forme nom@fournisseur.fr.`);
    }
    if (address.endsWith(`@${this.academicDomain}`)) {
      throw new PortalError('Saisissez une adresse personnelle : les avis arrivent déjà dans votre messagerie académique.');
    }
    this.stmt.set.run(accountId, address, Date.now());
    return address;
  }
}
