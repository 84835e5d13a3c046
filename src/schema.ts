/**
 * Every module's tables, in the order their migrations run within a version: a module's tables
 * may reference those of the modules listed before it (accounts first: almost everything
 * belongs to an account). A new module adds its schema.ts here.
 */
import { ACCOUNTS_SCHEMA } from './accounts/schema.js';
import type { Migration } from './db/migrations.js';
import { DIRECTORY_SCHEMA } from './directory/schema.js';
import { OUTBOUND_SCHEMA } from './outbound/schema.js';
import { STORE_SCHEMA } from './store/schema.js';
import { WEB_COMPOSE_SCHEMA } from './web/compose/schema.js';
import { WEB_PREFS_SCHEMA } from './web/prefs/schema.js';
import { WEB_SESSIONS_SCHEMA } from './web/sessions/schema.js';

export const SCHEMA: readonly Migration[] = [
  ...ACCOUNTS_SCHEMA,
  ...STORE_SCHEMA,
  ...OUTBOUND_SCHEMA,
  ...WEB_SESSIONS_SCHEMA,
  ...WEB_PREFS_SCHEMA,
  ...DIRECTORY_SCHEMA,
  ...WEB_COMPOSE_SCHEMA,
];
