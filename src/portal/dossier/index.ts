/**
 * « Votre dossier », « Votre CV » and « Vos perspectives » (issue 22; shared/domain.md §4.2):
 * the agent's administrative situation, kept by their gestionnaire; the CV the agent writes
 * for the administration, in versions; the next échelon from the grid of the corps
 * (data/grilles/), and the promotion campaigns open.
 *
 * Tables (schema.ts, step 20): portal_dossiers, portal_dossier_affectations,
 * portal_dossier_conges, portal_cv_versions, portal_campaigns.
 *
 * Invariants:
 * - The only SQL on these tables.
 * - Who may read or write whose dossier is the web's to check (the annuaire says who manages
 *   whom); this module checks what is written, with one set of rules for the form and the import.
 * - A CV version is never changed once saved; a save based on an older version is refused.
 * - The computation of the next échelon is pure (next-echelon.ts): civil days in, civil days out.
 *
 * May import: src/db (types), the calendar, the directory and accounts through their
 * index.ts, csv-parse (the import), node built-ins (the grids' files).
 */
export { Campaigns, type Campaign, type CampaignInput } from './campaigns.js';
export { CV_SECTIONS, CvConflictError, Cvs, MAX_CV_ENTRIES, MAX_CV_ENTRY_CHARS, cvContent, cvEntries, type CvContent, type CvSection, type CvVersion } from './cvs.js';
export { DOSSIER_COLUMNS, MAX_DOSSIER_FILE_BYTES, importDossiers, type DossierImportReport } from './dossier-import.js';
export {
  DEFAULT_MAX_ECHELON,
  DossierFieldError,
  Dossiers,
  MAX_DOSSIER_ROWS,
  checkDossier,
  checkSituation,
  type Affectation,
  type Conge,
  type Dossier,
  type DossierInput,
  type Situation,
  type SituationInput,
} from './dossiers.js';
export { CareerGrids, gridsDir, loadGrids, parseGrid, type CareerGrid, type GridEchelon, type GridGrade } from './grids.js';
export { addMonths, durationText, nextEchelon, outlookOf, type NextEchelon, type Outlook } from './next-echelon.js';
export { CONGE_KINDS, GRADES, POSITIONS, choicesOf, codeOf, type CongeKind, type Grade, type Position } from './situation.js';
