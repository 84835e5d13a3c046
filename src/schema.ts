/**
 * Every module's tables, in the order their migrations run within a version: a module's tables
 * may reference those of the modules listed before it (accounts first: almost everything
 * belongs to an account). A new module adds its schema.ts here.
 */
import { ACCOUNTS_SCHEMA } from './accounts/schema.js';
import { ADMIN_SCHEMA } from './admin/schema.js';
import { BULLETINS_SCHEMA } from './bulletins/schema.js';
import type { Migration } from './db/migrations.js';
import { CALENDAR_SCHEMA } from './calendar/schema.js';
import { DELIVERY_SCHEMA } from './delivery/schema.js';
import { DIRECTORY_SCHEMA } from './directory/schema.js';
import { OUTBOUND_SCHEMA } from './outbound/schema.js';
import { STORE_SCHEMA } from './store/schema.js';
import { PORTAL_SCHEMA } from './portal/schema.js';
import { PREFERENCES_SCHEMA } from './preferences/schema.js';
import { SESSIONS_SCHEMA } from './sessions/schema.js';
import { STRIKES_SCHEMA } from './strikes/schema.js';

export const SCHEMA: readonly Migration[] = [
  ...ACCOUNTS_SCHEMA,
  ...STORE_SCHEMA,
  ...OUTBOUND_SCHEMA,
  ...SESSIONS_SCHEMA,
  ...PREFERENCES_SCHEMA,
  ...DIRECTORY_SCHEMA,
  ...CALENDAR_SCHEMA,
  ...STRIKES_SCHEMA,
  ...BULLETINS_SCHEMA,
  ...DELIVERY_SCHEMA,
  ...ADMIN_SCHEMA,
  ...PORTAL_SCHEMA,
];
