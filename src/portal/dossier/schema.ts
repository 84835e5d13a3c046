/** The dossier's, CV's and perspectives' tables (step 20): filled in with them (issue 22). */
import type { Migration } from '../../db/migrations.js';

export const DOSSIER_SCHEMA: readonly Migration[] = [];
