/**
 * The académie's directory (annuaire): who can be written to, found by name, address, fonction
 * or school as one types, accents and case ignored.
 *
 * Schema (migration 5): `directory_fts`, an FTS5 index over the `accounts` columns a colleague
 * may see (prénom, nom, address, fonction, UAI, circonscription), external-content on `accounts`
 * and kept in step with it by triggers, so no code path that changes an account can forget it.
 *
 * Invariants:
 * - The only SQL on `directory_fts`. It reads `accounts` but never writes it.
 * - Never exposes what the directory must not show: no NUMEN, birth date, login or role.
 * - Disabled accounts are not suggested.
 * - A query costs an index lookup bounded by MAX_QUERY_TERMS prefix terms, never a table scan.
 */
export { Directory, MAX_QUERY_TERMS, MAX_RESULTS, type DirectoryEntry } from './directory.js';
