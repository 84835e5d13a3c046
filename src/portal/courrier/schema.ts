/** « Votre courrier »'s tables (step 20): filled in with the courrier (issue 22). */
import type { Migration } from '../../db/migrations.js';

export const COURRIER_SCHEMA: readonly Migration[] = [];
