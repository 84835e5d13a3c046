/**
 * « Votre dossier »: each agent's administrative situation (corps, grade, échelon and the day
 * it was reached, position), their affectations and their congés. The agent reads it; their
 * gestionnaire and the admins write it (the web checks who, from the annuaire), as does
 * `webmel iprof import`. Everything typed is checked here, with a French reason naming the
 * field, so that the form and the import refuse the same things in the same words.
 */
import { addDays, parseCivilDate } from '../../calendar/index.js';
import type { Db } from '../../db/database.js';
import { uaiProblem } from '../../directory/index.js';
import { PortalError } from '../portal-error.js';
import type { CareerGrids } from './grids.js';
import { choicesOf, codeOf, CONGE_KINDS, GRADES, POSITIONS, type CongeKind, type Grade, type Position } from './situation.js';

/** Without a grid for the corps and grade: the longest classe normale of the PPCR corps. */
export const DEFAULT_MAX_ECHELON = 11;
/** Rows of the affectation history and of the congés a dossier keeps: a whole career, with room. */
export const MAX_DOSSIER_ROWS = 60;
const MAX_CORPS_CHARS = 120;
const MAX_LABEL_CHARS = 200;
/** Nobody in activity reached an échelon before this day. */
const EARLIEST_DATE = '1950-01-01';
/** A promotion is often entered ahead of its effective day (a rentrée), rarely a year ahead. */
const DAYS_AHEAD = 366;

export interface Situation {
  corps: string;
  grade: Grade;
  echelon: number;
  /** AAAA-MM-JJ */
  echelonDate: string;
  position: Position;
}

export interface Affectation {
  from: string;
  /** Null for the current affectation. */
  to: string | null;
  uai: string;
  label: string;
}

export interface Conge {
  kind: CongeKind;
  from: string;
  to: string | null;
}

export interface Dossier extends Situation {
  accountId: number;
  affectations: Affectation[];
  conges: Conge[];
  updatedAt: number;
  updatedBy: string;
}

/** A situation as a form or a file gives it: text, unchecked. */
export interface SituationInput {
  corps: string;
  grade: string;
  echelon: string;
  echelonDate: string;
  position: string;
}

export interface DossierInput extends SituationInput {
  affectations: Array<{ from: string; to: string; uai: string; label: string }>;
  conges: Array<{ kind: string; from: string; to: string }>;
}

/** A refusal that names the form field at fault, so that the form marks it. */
export class DossierFieldError extends PortalError {
  override name = 'DossierFieldError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message, 400);
  }
}

export type SituationOutcome = 'added' | 'updated' | 'unchanged';

/** Checks a situation against the lists and the corps' grid; `today` bounds the dates. */
export function checkSituation(input: SituationInput, grids: CareerGrids, today: string): Situation {
  const corps = input.corps.trim().replace(/\s+/g, ' ');
  if (corps === '') throw new DossierFieldError('Le corps est obligatoire (ex. : professeur des écoles).', 'corps');
  if (corps.length > MAX_CORPS_CHARS) throw new DossierFieldError(`Corps trop long : ${MAX_CORPS_CHARS} caractères au plus.`, 'corps');
  const grade = codeOf(GRADES, input.grade);
  if (!grade) throw new DossierFieldError(`Grade inconnu « ${input.grade.trim().slice(0, 60)} » : ${choicesOf(GRADES)}.`, 'grade');
  const gridGrade = grids.gradeOf(corps, grade);
  const max = gridGrade?.echelons.length ?? DEFAULT_MAX_ECHELON;
  const echelon = /^\s*\d{1,2}\s*$/.test(input.echelon) ? Number(input.echelon) : NaN;
  if (!(echelon >= 1 && echelon <= max)) {
    const grid = gridGrade ? ` (grille ${grids.of(corps)!.corps}, ${gridGrade.label.toLowerCase()})` : '';
    throw new DossierFieldError(`Échelon invalide « ${input.echelon.trim().slice(0, 20)} » : un nombre entier de 1 à ${max}${grid}.`, 'echelon');
  }
  const echelonDate = checkDate(input.echelonDate, 'Date d’accès à l’échelon', 'echelon_date', today);
  const position = codeOf(POSITIONS, input.position);
  if (!position) throw new DossierFieldError(`Position inconnue « ${input.position.trim().slice(0, 60)} » : ${choicesOf(POSITIONS)}.`, 'position');
  return { corps, grade, echelon, echelonDate, position };
}

/** A required civil day, between EARLIEST_DATE and a year from today. */
function checkDate(text: string, what: string, field: string, today: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new DossierFieldError(`${what} : obligatoire, au format AAAA-MM-JJ.`, field);
  const date = parseCivilDate(trimmed);
  if (!date) throw new DossierFieldError(`${what} invalide « ${trimmed.slice(0, 20)} » : une date au format AAAA-MM-JJ (ex. 2021-09-01).`, field);
  if (date < EARLIEST_DATE || date > addDays(today, DAYS_AHEAD)) {
    throw new DossierFieldError(`${what} invalide « ${date} » : entre le ${EARLIEST_DATE} et dans un an au plus.`, field);
  }
  return date;
}

/** An optional end day: '' is none; otherwise a day not before `from`. */
function checkEnd(text: string, from: string, what: string, field: string, today: string): string | null {
  if (text.trim() === '') return null;
  const to = checkDate(text, what, field, today);
  if (to < from) throw new DossierFieldError(`${what} : le ${to} est avant le début (${from}).`, field);
  return to;
}

/** A whole dossier as the gestionnaire's form gives it; a row left entirely empty is no row. */
export function checkDossier(input: DossierInput, grids: CareerGrids, today: string): { situation: Situation; affectations: Affectation[]; conges: Conge[] } {
  const situation = checkSituation(input, grids, today);
  const filled = <T extends Record<string, string>>(rows: T[]) => rows.filter((row) => Object.values(row).some((v) => v.trim() !== ''));
  const affectationRows = filled(input.affectations);
  const congeRows = filled(input.conges);
  if (affectationRows.length > MAX_DOSSIER_ROWS) throw new DossierFieldError(`Trop d’affectations : ${MAX_DOSSIER_ROWS} au plus.`, 'affectations');
  if (congeRows.length > MAX_DOSSIER_ROWS) throw new DossierFieldError(`Trop de congés : ${MAX_DOSSIER_ROWS} au plus.`, 'conges');
  const affectations = affectationRows.map((row, i): Affectation => {
    const what = `Affectation n° ${i + 1}`;
    const from = checkDate(row.from, `${what}, début`, 'affectations', today);
    const to = checkEnd(row.to, from, `${what}, fin`, 'affectations', today);
    const uai = row.uai.trim().toUpperCase();
    if (uai !== '') {
      const problem = uaiProblem(uai);
      if (problem) throw new DossierFieldError(`${what} : ${problem}.`, 'affectations');
    }
    const label = row.label.trim().replace(/\s+/g, ' ');
    if (uai === '' && label === '') throw new DossierFieldError(`${what} : indiquez l’UAI ou le libellé de la structure.`, 'affectations');
    if (label.length > MAX_LABEL_CHARS) throw new DossierFieldError(`${what} : libellé trop long, ${MAX_LABEL_CHARS} caractères au plus.`, 'affectations');
    return { from, to, uai, label };
  });
  const conges = congeRows.map((row, i): Conge => {
    const what = `Congé n° ${i + 1}`;
    const kind = codeOf(CONGE_KINDS, row.kind);
    if (!kind) throw new DossierFieldError(`${what} : nature du congé à choisir dans la liste.`, 'conges');
    const from = checkDate(row.from, `${what}, début`, 'conges', today);
    return { kind, from, to: checkEnd(row.to, from, `${what}, fin`, 'conges', today) };
  });
  return { situation, affectations, conges };
}

interface DossierRow {
  account_id: number;
  corps: string;
  grade: Grade;
  echelon: number;
  echelon_date: string;
  position: Position;
  updated_at: number;
  updated_by: string;
}

export class Dossiers {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    readonly grids: CareerGrids,
  ) {
    this.stmt = {
      get: db.prepare(`SELECT account_id, corps, grade, echelon, echelon_date, position, updated_at, updated_by FROM portal_dossiers WHERE account_id = ?`),
      affectations: db.prepare(`SELECT from_date AS "from", to_date AS "to", uai, label FROM portal_dossier_affectations WHERE account_id = ? ORDER BY from_date DESC, id DESC`),
      conges: db.prepare(`SELECT kind, from_date AS "from", to_date AS "to" FROM portal_dossier_conges WHERE account_id = ? ORDER BY from_date DESC, id DESC`),
      upsert: db.prepare(
        `INSERT INTO portal_dossiers (account_id, corps, grade, echelon, echelon_date, position, updated_at, updated_by)
         VALUES (@accountId, @corps, @grade, @echelon, @echelonDate, @position, @at, @by)
         ON CONFLICT (account_id) DO UPDATE SET corps = excluded.corps, grade = excluded.grade, echelon = excluded.echelon,
           echelon_date = excluded.echelon_date, position = excluded.position, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      clearAffectations: db.prepare(`DELETE FROM portal_dossier_affectations WHERE account_id = ?`),
      clearConges: db.prepare(`DELETE FROM portal_dossier_conges WHERE account_id = ?`),
      addAffectation: db.prepare(`INSERT INTO portal_dossier_affectations (account_id, from_date, to_date, uai, label) VALUES (?, ?, ?, ?, ?)`),
      addConge: db.prepare(`INSERT INTO portal_dossier_conges (account_id, kind, from_date, to_date) VALUES (?, ?, ?, ?)`),
    };
  }

  of(accountId: number): Dossier | null {
    const row = this.stmt.get.get(accountId) as DossierRow | undefined;
    if (!row) return null;
    return {
      accountId,
      corps: row.corps,
      grade: row.grade,
      echelon: row.echelon,
      echelonDate: row.echelon_date,
      position: row.position,
      affectations: this.stmt.affectations.all(accountId) as Affectation[],
      conges: this.stmt.conges.all(accountId) as Conge[],
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }

  /**
   * The gestionnaire's form: the whole dossier replaced in one transaction, after every check.
   * `basedOn`: the `updatedAt` of the dossier the form showed (null: none yet). Another save
   * since (a colleague, an import) refuses this one with a 409 that changes nothing, so that
   * neither edit is lost without anyone knowing. `alongside` runs in the same transaction.
   */
  save(accountId: number, input: DossierInput, by: string, today: string, now = Date.now(), basedOn?: number | null, alongside?: () => void): Dossier {
    const { situation, affectations, conges } = checkDossier(input, this.grids, today);
    this.db.transaction(() => {
      // The caller's audit entry, committed with the change or not at all.
      alongside?.();
      if (basedOn !== undefined) {
        const current = this.stmt.get.get(accountId) as DossierRow | undefined;
        if ((current?.updated_at ?? null) !== basedOn) {
          throw new PortalError(
            `Ce dossier a été modifié entre-temps${current ? ` par ${current.updated_by}` : ''} : rien n’est enregistré. Vos saisies sont gardées ci-dessous, au-dessus du dossier tel qu’il est maintenant ; vérifiez-les et enregistrez à nouveau.`,
            409,
          );
        }
      }
      this.stmt.upsert.run({ accountId, ...situation, at: now, by });
      this.stmt.clearAffectations.run(accountId);
      this.stmt.clearConges.run(accountId);
      // Oldest first, so that the ids follow the career (ties on a day keep the form's order).
      for (const a of [...affectations].reverse()) this.stmt.addAffectation.run(accountId, a.from, a.to, a.uai, a.label);
      for (const c of [...conges].reverse()) this.stmt.addConge.run(accountId, c.kind, c.from, c.to);
    })();
    return this.of(accountId)!;
  }

  /**
   * The situation alone (an import's row): the affectations and congés stay as they are. A
   * situation already as given is not written again, so a second import reports it unchanged.
   */
  setSituation(accountId: number, situation: Situation, by: string, now = Date.now()): SituationOutcome {
    const row = this.stmt.get.get(accountId) as DossierRow | undefined;
    if (
      row &&
      row.corps === situation.corps &&
      row.grade === situation.grade &&
      row.echelon === situation.echelon &&
      row.echelon_date === situation.echelonDate &&
      row.position === situation.position
    ) {
      return 'unchanged';
    }
    this.stmt.upsert.run({ accountId, ...situation, at: now, by });
    return row ? 'updated' : 'added';
  }

  /** Runs `fn` in one transaction (an import: all its rows or none). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
