/**
 * Administration (issue 21): what the admins' console and commands read (the dashboard's
 * figures, the account list over 100,000 accounts: quota-overview.ts) and do to quotas and
 * accounts (admin-actions.ts), each action written to the audit log in its own transaction.
 *
 * Tables (schema.ts, step 19): admin_audit, admin_departures.
 *
 * Invariants:
 * - The only SQL on admin_audit (audit-log.ts); entries are never changed, only purged after
 *   AUDIT_RETENTION_DAYS.
 * - No message content, password, NUMEN, secret or token in an entry (checked on write).
 *
 * - An action and its audit entry commit together (admin-actions.ts); the last open admin is
 *   never disabled or demoted.
 *
 * - I-Prof's settings (themes, services, guides) change with their audit entry (portal-settings.ts).
 *
 * May import: src/db (types), accounts, store, quota, sessions, delivery (the refusal log, system mail),
 * and the portal through its index.ts.
 */
export { AdminActions, AdminError, DEPARTURE_REPLY_DAYS, type Drift, MAX_QUOTA_BYTES, MIN_QUOTA_BYTES, type Actor, type AdminActionsDeps, type Profile } from './admin-actions.js';
export { PAGE_SIZE, QuotaOverviewReader, type QuotaFilter, type QuotaOverview, type QuotaPage, type QuotaRow, type QuotaSort } from './quota-overview.js';
export { AUDIT_RETENTION_DAYS, AuditLog, type AuditDetails, type AuditEntry, type AuditQuery } from './audit-log.js';
export { Departures, type Departure } from './departures.js';
export { exportMbox, mboxChunks } from './mbox-export.js';
export { metricsText, type MetricsInput } from './metrics.js';
export { SNAPSHOT_INTERVAL_MS, ServerStats, type ImapSessionInfo, type ServerSnapshot } from './server-stats.js';
export { PortalSettings, type PortalSettingsDeps } from './portal-settings.js';
export { ADMIN_SCHEMA } from './schema.js';
