/**
 * The themes an agent may choose for a courrier (« Choix du thème »), set by the administration
 * (`webmel iprof theme add|list|remove`). None set: the form reads « pas de thème autorisé » and
 * a courrier goes without one, as in the seed.
 */
import type { Db } from '../../db/database.js';
import { PortalError } from '../portal-error.js';

const MAX_THEME_CHARS = 80;

export class CourrierThemes {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      list: db.prepare(`SELECT label FROM portal_courrier_themes ORDER BY position, label`).pluck(),
      find: db.prepare(`SELECT label FROM portal_courrier_themes WHERE label = ?`).pluck(),
      add: db.prepare(
        `INSERT INTO portal_courrier_themes (label, position)
         VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM portal_courrier_themes))
         ON CONFLICT (label) DO NOTHING`,
      ),
      remove: db.prepare(`DELETE FROM portal_courrier_themes WHERE label = ?`),
    };
  }

  list(): string[] {
    return this.stmt.list.all() as string[];
  }

  /** The allowed theme written this way (case aside), or null. */
  find(label: string): string | null {
    return (this.stmt.find.get(label.trim()) as string | undefined) ?? null;
  }

  /** Adds a theme (already there: nothing changes); returns it as stored. */
  add(label: string): string {
    const clean = label.trim().replace(/\s+/g, ' ');
    if (clean === '' || clean.length > MAX_THEME_CHARS) throw new PortalError(`Un thème a de 1 à ${MAX_THEME_CHARS} caractères.`);
    if (/[\p{Cc}]/u.test(clean)) throw new PortalError('Un thème ne contient pas de caractère de contrôle.');
    this.stmt.add.run(clean);
    return this.find(clean)!;
  }

  /** Removes a theme: courriers already written with it keep it. */
  remove(label: string): boolean {
    return this.stmt.remove.run(label.trim()).changes > 0;
  }
}
