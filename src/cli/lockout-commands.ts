/**
 * `webmel user lockouts [--json]` and `webmel user unlock LOGIN`: what the sign-in limiter is
 * refusing right now (src/accounts/failure-limiter.ts), for the assistance to answer a teacher
 * who cannot sign in, and the way to lift an account's 24-hour state once the attack is dealt
 * with.
 */
import type { Lockouts } from '../accounts/authenticate.js';
import { MAX_ACCOUNT_FAILURES } from '../accounts/failure-limiter.js';
import type { Services } from '../services.js';
import type { CliIo, CommandInput } from './command.js';
import { adminAction, cliActor, printOutcome } from './cli-actor.js';
import { formatTable, shortDate } from './table.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Dates as ISO 8601 (UTC) for scripts. */
function lockoutsJson(lockouts: Lockouts) {
  return {
    accounts: lockouts.accounts.map((a) => ({
      login: a.login,
      failures: a.failures,
      addresses: a.addresses,
      since: iso(a.since),
      lastFailureAt: iso(a.last),
      notifiedAt: iso(a.notifiedAt),
    })),
    addresses: lockouts.addresses.map((a) => ({
      address: a.address,
      attempts: a.attempts,
      since: iso(a.since),
      everywhere: a.everywhere,
      accounts: a.accounts.map((pair) => ({ login: pair.login, attempts: pair.attempts, since: iso(pair.since) })),
      unknownLogins: a.unknownLogins,
    })),
  };
}

function refusedFor(entry: Lockouts['addresses'][number]): string {
  if (entry.everywhere) return 'tous les comptes';
  const named = entry.accounts.map((pair) => `${pair.login} (${pair.attempts})`);
  if (entry.unknownLogins > 0) named.push(`${entry.unknownLogins} identifiant(s) inexistant(s)`);
  return named.join(', ');
}

export function lockoutsCommand(services: Services, { flags }: CommandInput, io: CliIo): number {
  const lockouts = services.auth.lockouts();
  if (flags.has('json')) {
    io.stdout(`${JSON.stringify(lockoutsJson(lockouts), null, 2)}\n`);
    return 0;
  }
  if (lockouts.accounts.length === 0 && lockouts.addresses.length === 0) {
    io.stdout('Aucun compte ni aucune adresse limités en ce moment.\n');
    return 0;
  }
  if (lockouts.accounts.length > 0) {
    io.stdout(`Comptes à plus de ${MAX_ACCOUNT_FAILURES} échecs en 24 heures (seuls les appareils déjà connus peuvent s'y connecter) :\n`);
    const rows = lockouts.accounts.map((a) => [a.login, String(a.failures), String(a.addresses), shortDate(a.since), shortDate(a.last), a.notifiedAt === null ? 'non' : shortDate(a.notifiedAt)]);
    io.stdout(formatTable(['IDENTIFIANT', 'ÉCHECS', 'ADRESSES', 'DEPUIS (UTC)', 'DERNIER (UTC)', 'PRÉVENU(E)'], rows));
  }
  if (lockouts.addresses.length > 0) {
    if (lockouts.accounts.length > 0) io.stdout('\n');
    io.stdout('Adresses limitées (15 dernières minutes) :\n');
    const rows = lockouts.addresses.map((a) => [a.address, String(a.attempts), shortDate(a.since), refusedFor(a)]);
    io.stdout(formatTable(['ADRESSE', 'TENTATIVES', 'DEPUIS (UTC)', 'REFUSÉE POUR'], rows));
  }
  return 0;
}

export function unlockCommand(services: Services, { positionals: [login], flags }: CommandInput, io: CliIo): number {
  return adminAction(io, () => {
    const cleared = services.admin.unlock({ login: cliActor() }, login!);
    const account = services.admin.account(login!).login;
    printOutcome(io, flags, { login: account, cleared }, `Compte ${account} débloqué : ${cleared} tentative(s) effacée(s), toutes adresses confondues.`);
  });
}
