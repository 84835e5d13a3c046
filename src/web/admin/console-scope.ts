/**
 * Who may see which accounts in the console (issue 21): an admin every account, with the
 * action forms; an IEN, read-only, the accounts of their circonscription.
 *
 * The IEN's circonscription is the annuaire's (the référentiel), not the account's: the person
 * whose annuaire entry has role `ien` and is affected to a circonscription (as the strike pages
 * find it, strikes.circonscriptionsOf). An account is in it when the annuaire affects its owner
 * to the circonscription or one of its écoles (the référentiel is the authority: the
 * `circonscription` text of an account is free and may be stale), or, for an account the
 * annuaire does not list, when its own UAI is the circonscription's or one of its écoles'.
 */
import type { Account } from '../../accounts/account-store.js';
import { parseAudience, type Structure } from '../../directory/index.js';
import type { Services } from '../../services.js';

export interface ConsoleScope {
  /** True for an IEN: no action form, every POST refused. */
  readOnly: boolean;
  /** The IEN's circonscriptions (empty for an admin, who sees all). */
  circonscriptions: Structure[];
  /** Whether the viewer may see this account; null: every account. */
  includes: ((account: { address: string; uai: string | null }) => boolean) | null;
}

export function consoleScope(services: Pick<Services, 'directory'>, viewer: Account): ConsoleScope | null {
  if (viewer.role === 'admin') return { readOnly: false, circonscriptions: [], includes: null };
  if (viewer.role !== 'ien') return null;
  const { directory } = services;
  const person = directory.person(viewer.address);
  if (!person || person.role !== 'ien') return null;
  const circonscriptions = person.affectations.map((uai) => directory.structure(uai)).filter((s): s is Structure => s?.type === 'circonscription');
  if (circonscriptions.length === 0) return null;
  // A disabled account stays in the IEN's view (its state shown): it is still theirs to know of.
  const addresses = new Set(directory.audienceAddresses(parseAudience(circonscriptions.map((c) => `circo:${c.uai}`).join(',')), { withDisabled: true }));
  const uais = new Set(circonscriptions.flatMap((c) => [c.uai, ...directory.ecolesOf(c.uai).map((e) => e.uai)]));
  const listed = directory.addresses();
  return {
    readOnly: true,
    circonscriptions,
    includes: (account) => addresses.has(account.address) || (!listed.has(account.address) && account.uai !== null && uais.has(account.uai.toUpperCase())),
  };
}
