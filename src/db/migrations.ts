/**
 * What a schema migration is. Each module owns its tables and declares their migrations beside
 * its code (`src/<module>/schema.ts`); src/schema.ts lists every module's, and database.ts
 * applies them. This folder never imports a module: it only opens the database and runs the
 * steps it is given.
 *
 * Versions are shared by all modules and recorded in `PRAGMA user_version`: the steps of one
 * version, from several modules, run together in one transaction, in the order src/schema.ts
 * lists the modules (a module's tables may reference those of the modules before it). So a
 * database made before the tables were split among the modules (versions 1 to 14, one list
 * here) upgrades step for step as it always did.
 */
export interface Migration {
  /** The schema version this step belongs to; a new step takes the next free version. */
  version: number;
  sql: string;
}

/** The highest version of `migrations`: what an up-to-date database records. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((latest, step) => Math.max(latest, step.version), 0);
}
