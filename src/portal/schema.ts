/**
 * I-Prof's tables (issue 22), step 20, in three parts each beside the code that owns them:
 * the portal's own settings, services and guides (portal-schema.ts), « Votre courrier »
 * (courrier/schema.ts), the dossier, CV and perspectives (dossier/schema.ts).
 */
import type { Migration } from '../db/migrations.js';
import { COURRIER_SCHEMA } from './courrier/schema.js';
import { DOSSIER_SCHEMA } from './dossier/schema.js';
import { PORTAL_PAGES_SCHEMA } from './portal-schema.js';

export const PORTAL_SCHEMA: readonly Migration[] = [...PORTAL_PAGES_SCHEMA, ...COURRIER_SCHEMA, ...DOSSIER_SCHEMA];
