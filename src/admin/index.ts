/**
 * Administration (issue 21): the audit log of every admin action, and, as the console grows,
 * what the admins' pages and commands do to quotas and accounts.
 *
 * Tables (schema.ts, step 19): admin_audit.
 *
 * Invariants:
 * - The only SQL on admin_audit (audit-log.ts); entries are never changed, only purged after
 *   AUDIT_RETENTION_DAYS.
 * - No message content, password, NUMEN, secret or token in an entry (checked on write).
 *
 * May import: src/db (types).
 */
export { AUDIT_RETENTION_DAYS, AuditLog, type AuditDetails, type AuditEntry, type AuditQuery } from './audit-log.js';
export { ADMIN_SCHEMA } from './schema.js';
