/**
 * The académie's people as the mail system knows them: identity (login = first letter of the
 * first name + last name, address prenom.nom@domaine, homonyms numbered: identity.ts, from
 * shared/domain.md), credentials (the NUMEN until a password is chosen, scrypt: password.ts),
 * and sign-in for every protocol (authenticate.ts) under one set of limits (failure-limiter.ts,
 * known-clients.ts, sign-in-alerts.ts).
 *
 * Tables (schema.ts): `accounts`; `auth_attempts`, `auth_known_clients`, `auth_alerts`.
 *
 * Invariants:
 * - The only SQL on these tables. A NUMEN or a password is never stored, only its scrypt hash;
 *   a login nobody has is kept only as a hash (people type passwords into the login field).
 * - Every sign-in, whatever the protocol, costs one verification and gets the same answer for
 *   an unknown login, a wrong password and an account on its NUMEN.
 * - Attempts are reserved before any password is checked; a guesser elsewhere never locks the
 *   owner out.
 *
 * May import: src/db, src/disk, src/store (a new account gets its folders), src/mime, src/net,
 * src/log, and src/directory's index.ts (a file of people becomes accounts: account-import.ts).
 */
export { AccountStore, ROLES, type Account, type NewAccount } from './account-store.js';
export { importAccounts, type AccountImportDeps } from './account-import.js';
export { Authenticator, SERVICE_LOGIN, type AuthResult } from './authenticate.js';
