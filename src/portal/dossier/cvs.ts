/**
 * « Votre CV », « un espace strictement personnel » (shared/domain.md §4.2): the agent writes
 * it, the administration reads it (promotions, mouvements spécifiques). Each save is a new
 * version and none is overwritten, so the agent and the gestionnaire can see what it said and
 * when. A save names the version it was based on: when another save came in between (a second
 * tab, a second device), it is refused (409) instead of silently replacing that one.
 */
import type { Db } from '../../db/database.js';
import { PortalError } from '../portal-error.js';

/** The CV's sections in the seed's order of words (« diplômes, expériences…, travaux de recherches, publications »). */
export const CV_SECTIONS = [
  { key: 'diplomes', label: 'Diplômes et titres', hint: 'Un diplôme par ligne, avec l’année (ex. : 2008 – Master MEEF, université d’Aix-Marseille).' },
  { key: 'formations', label: 'Formations', hint: 'Une formation par ligne (ex. : 2022 – Formation « Enseigner la lecture au CP », 18 h).' },
  { key: 'experiences', label: 'Expériences professionnelles ou personnelles', hint: 'Une expérience par ligne, avec les dates.' },
  { key: 'competences', label: 'Compétences', hint: 'Une compétence par ligne (langues, numérique, certifications…).' },
  { key: 'publications', label: 'Travaux de recherche et publications', hint: 'Une référence par ligne.' },
] as const;
export type CvSection = (typeof CV_SECTIONS)[number]['key'];
export type CvContent = Record<CvSection, string[]>;

export interface CvVersion {
  version: number;
  savedAt: number;
  content: CvContent;
}

/** Entries of one section: a career's worth, not a dump. */
export const MAX_CV_ENTRIES = 100;
/** One entry is a line of a CV, a long one at most. */
export const MAX_CV_ENTRY_CHARS = 1000;

/** A save based on a version that is no longer the latest; `latest` is the one in between. */
export class CvConflictError extends PortalError {
  override name = 'CvConflictError';
  constructor(readonly latest: CvVersion) {
    super(`Votre CV a été enregistré entre-temps (version ${latest.version}), par exemple depuis un autre onglet : cet enregistrement-ci n’a pas été fait. Vos saisies sont conservées ci-dessous ; vérifiez-les, puis enregistrez à nouveau.`, 409);
  }
}

/** One section's text as typed in its field: one entry per line, blank lines dropped. */
export function cvEntries(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '');
}

/** A CV from its fields' texts (a missing field is an empty section), checked against the limits. */
export function cvContent(texts: Partial<Record<CvSection, string>>): CvContent {
  const content = {} as CvContent;
  for (const { key, label } of CV_SECTIONS) {
    const entries = cvEntries(texts[key] ?? '');
    if (entries.length > MAX_CV_ENTRIES) throw new PortalError(`« ${label} » : ${MAX_CV_ENTRIES} lignes au plus (${entries.length} saisies).`, 400);
    const long = entries.findIndex((entry) => entry.length > MAX_CV_ENTRY_CHARS);
    if (long >= 0) throw new PortalError(`« ${label} », ligne ${long + 1} : ${MAX_CV_ENTRY_CHARS} caractères au plus.`, 400);
    content[key] = entries;
  }
  return content;
}

const sameContent = (a: CvContent, b: CvContent) => CV_SECTIONS.every(({ key }) => a[key].length === b[key].length && a[key].every((entry, i) => entry === b[key][i]));

interface VersionRow {
  version: number;
  saved_at: number;
  content: string;
}

function toVersion(row: VersionRow): CvVersion {
  const stored = JSON.parse(row.content) as Partial<CvContent>;
  // A section added after this version was saved reads as empty.
  const content = Object.fromEntries(CV_SECTIONS.map(({ key }) => [key, stored[key] ?? []])) as CvContent;
  return { version: row.version, savedAt: row.saved_at, content };
}

export class Cvs {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      latest: db.prepare(`SELECT version, saved_at, content FROM portal_cv_versions WHERE account_id = ? ORDER BY version DESC LIMIT 1`),
      version: db.prepare(`SELECT version, saved_at, content FROM portal_cv_versions WHERE account_id = ? AND version = ?`),
      history: db.prepare(`SELECT version, saved_at AS savedAt FROM portal_cv_versions WHERE account_id = ? ORDER BY version DESC`),
      insert: db.prepare(`INSERT INTO portal_cv_versions (account_id, version, saved_at, content) VALUES (?, ?, ?, ?)`),
    };
  }

  latest(accountId: number): CvVersion | null {
    const row = this.stmt.latest.get(accountId) as VersionRow | undefined;
    return row ? toVersion(row) : null;
  }

  version(accountId: number, version: number): CvVersion | null {
    const row = this.stmt.version.get(accountId, version) as VersionRow | undefined;
    return row ? toVersion(row) : null;
  }

  /** Every version, the latest first, without their content. */
  history(accountId: number): Array<{ version: number; savedAt: number }> {
    return this.stmt.history.all(accountId) as Array<{ version: number; savedAt: number }>;
  }

  /**
   * Saves `content` as the version after `basedOn` (0: the CV had none). Throws
   * CvConflictError when `basedOn` is not the latest any more. A save that changes nothing
   * makes no version (null): the history lists what changed, not every click.
   */
  save(accountId: number, basedOn: number, content: CvContent, now = Date.now()): CvVersion | null {
    // IMMEDIATE: two saves from two tabs are serialised, and the second sees the first's version.
    return this.db
      .transaction(() => {
        const latest = this.latest(accountId);
        if ((latest?.version ?? 0) !== basedOn) {
          // No version at all and yet one named: a forged or mangled form, not a race.
          if (!latest) throw new PortalError('Version de départ inconnue : rechargez la page de votre CV.', 400);
          throw new CvConflictError(latest);
        }
        if (latest && sameContent(latest.content, content)) return null;
        const version = basedOn + 1;
        this.stmt.insert.run(accountId, version, now, JSON.stringify(content));
        return { version, savedAt: now, content };
      })
      .immediate();
  }
}
