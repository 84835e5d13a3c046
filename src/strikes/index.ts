/**
 * La déclaration préalable d'intention de grève (1er degré public, code de l'éducation L133-4
 * and L133-5; shared/domain.md §1): préavis, the deadline of each day from the école's class
 * days, declarations and their withdrawal, participation after the day, the IEN's counts with
 * the 25 % threshold of the service d'accueil, and the mayor's counts without names.
 *
 * Tables (schema.ts, step 17): strikes_preavis, strikes_declarations.
 *
 * Invariants:
 * - The only SQL on these tables (preavis.ts, declarations.ts).
 * - Names leave this module only through circonscriptionDay, for the IEN of that circonscription
 *   or an admin; every other count (mayorCounts, report) carries none.
 * - What a declaration records (école, circonscription, names) comes from the annuaire, never
 *   from the request; a late, uncovered, duplicate or foreign day is refused and nothing recorded.
 *
 * May import: src/db (types), the calendar and the directory through their index.ts.
 */
export { Strikes, MAX_DAYS_A_DECLARATION, PARTICIPATION_WINDOW_DAYS, reachesAccueilThreshold } from './strikes.js';
export type { Declarant, EcoleCount, EcoleDeclarations, Eligibility, OfferedDay, StrikeReportRow, StrikeViewer, StrikesDeps } from './strikes.js';
export { declarationDeadline, deadlineTimestamp } from './deadline.js';
export { StrikeError } from './errors.js';
export type { Declaration, DeclarationKind } from './declarations.js';
export type { Preavis, PreavisInput } from './preavis.js';
export { declarationLetter, declarationReceipt, frenchTimestamp, withdrawalLetter, withdrawalReceipt, type MessageText } from './receipts.js';
export { STRIKES_SCHEMA } from './schema.js';
