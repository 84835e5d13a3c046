/**
 * The grilles indiciaires' durations, one JSON file per corps in data/grilles/ (each citing
 * the text it transcribes in `source`): for each grade, how long each échelon lasts, and the
 * accelerated duration where the rendez-vous de carrière may shorten it (PPCR: 6e and 8e
 * échelons of the classe normale). Data rather than code, so that a grid is corrected or a
 * corps added without touching the computation.
 *
 * A malformed file is a deployment fault, not a user's mistake: loading throws with the
 * file's name, and the server does not start on a grid it would misread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeOf, foldLabel, GRADES, type Grade } from './situation.js';

export interface GridEchelon {
  echelon: number;
  /** Months spent in this échelon before the next; null for the grade's last. */
  months: number | null;
  /** The shorter duration the rendez-vous de carrière may give (30 % of the agents). */
  acceleratedMonths: number | null;
  note: string | null;
}

export interface GridGrade {
  grade: Grade;
  label: string;
  echelons: GridEchelon[];
}

export interface CareerGrid {
  /** The file's name without `.json`: `professeur-des-ecoles`. */
  id: string;
  corps: string;
  /** The names of the corps as dossiers and the annuaire write it (folded when compared). */
  names: string[];
  source: string;
  remark: string | null;
  grades: GridGrade[];
}

/** A grid longer than this is a mistake in the file (no corps has 20 échelons). */
const MAX_ECHELONS = 20;
/** No échelon lasts longer than 10 years. */
const MAX_MONTHS = 120;

/**
 * data/grilles/ at the root of the checkout, found from this module (src/portal/dossier/
 * under the tests, dist/src/portal/dossier/ once built), not from the working directory:
 * WEBMEL_DATA_DIR holds the database and may be anywhere.
 */
export function gridsDir(): string | null {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'data', 'grilles');
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Every `*.json` of the folder, by file name; none when there is no folder. */
export function loadGrids(dir: string | null): CareerGrid[] {
  if (dir === null) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => parseGrid(name.slice(0, -'.json'.length), fs.readFileSync(path.join(dir, name), 'utf8')));
}

/** One grid file's text, checked field by field. */
export function parseGrid(id: string, text: string): CareerGrid {
  const fail = (what: string): never => {
    throw new Error(`data/grilles/${id}.json: ${what}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return fail(`not JSON (${(err as Error).message})`);
  }
  const record = (value: unknown, where: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(`${where} is not an object`);
  const str = (value: unknown, where: string): string => (typeof value === 'string' && value.trim() !== '' ? value.trim() : fail(`${where} must be a non-empty string`));
  const months = (value: unknown, where: string): number =>
    Number.isInteger(value) && (value as number) > 0 && (value as number) <= MAX_MONTHS ? (value as number) : fail(`${where} must be a whole number of months, 1 to ${MAX_MONTHS}`);

  const top = record(doc, 'the file');
  const corps = str(top.corps, 'corps');
  // The source is the point of the file: a grid nobody can check against its text is refused.
  const source = str(top.source, 'source');
  const names = Array.isArray(top.noms) ? top.noms.map((n, i) => str(n, `noms[${i}]`)) : [];
  if (!Array.isArray(top.grades) || top.grades.length === 0) fail('grades must list at least one grade');
  const grades = (top.grades as unknown[]).map((g, gi): GridGrade => {
    const where = `grades[${gi}]`;
    const entry = record(g, where);
    const grade = codeOf(GRADES, str(entry.grade, `${where}.grade`)) ?? fail(`${where}.grade: unknown grade « ${String(entry.grade)} »`);
    const list = entry.echelons;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_ECHELONS) fail(`${where}.echelons must list 1 to ${MAX_ECHELONS} échelons`);
    const echelons = (list as unknown[]).map((e, ei): GridEchelon => {
      const at = `${where}.echelons[${ei}]`;
      const step = record(e, at);
      if (step.echelon !== ei + 1) fail(`${at}.echelon must be ${ei + 1} (échelons in order, from 1)`);
      const last = ei === (list as unknown[]).length - 1;
      // The last échelon has no duration (nothing follows it in the grade); every other one has.
      if (last !== (step.duree_mois === null || step.duree_mois === undefined)) fail(`${at}.duree_mois: ${last ? 'null on the last échelon' : 'required'}`);
      const normal = last ? null : months(step.duree_mois, `${at}.duree_mois`);
      const accelerated = step.duree_acceleree_mois === undefined ? null : months(step.duree_acceleree_mois, `${at}.duree_acceleree_mois`);
      if (accelerated !== null && (normal === null || accelerated >= normal)) fail(`${at}.duree_acceleree_mois must be shorter than duree_mois`);
      return { echelon: ei + 1, months: normal, acceleratedMonths: accelerated, note: typeof step.note === 'string' ? step.note : null };
    });
    return { grade, label: typeof entry.libelle === 'string' ? entry.libelle : GRADES[grade], echelons };
  });
  return { id, corps, names: [corps, ...names], source, remark: typeof top.remarque === 'string' ? top.remarque : null, grades };
}

/** The grids as the dossier and the perspectives read them: by corps name. */
export class CareerGrids {
  private readonly byName = new Map<string, CareerGrid>();

  constructor(readonly all: readonly CareerGrid[]) {
    for (const grid of all) for (const name of grid.names) this.byName.set(foldLabel(name), grid);
  }

  /** The grid of a corps as a dossier or the annuaire names it, or null. */
  of(corps: string): CareerGrid | null {
    return this.byName.get(foldLabel(corps)) ?? null;
  }

  gradeOf(corps: string, grade: Grade): GridGrade | null {
    return this.of(corps)?.grades.find((g) => g.grade === grade) ?? null;
  }

  /** Whether two names stand for one corps (« professeure des écoles » and « PE »). */
  sameCorps(a: string, b: string): boolean {
    if (foldLabel(a) === foldLabel(b)) return true;
    const grid = this.of(a);
    return grid !== null && grid === this.of(b);
  }
}
