/**
 * I-Prof, the career portal (issue 22; shared/domain.md §4; the seed), on the same accounts
 * and the same sign-in as the webmail: « Votre courrier », a closed channel between an agent
 * and their gestionnaire (the annuaire says who), « Votre dossier », « Votre CV », « Vos
 * perspectives », « Les services » and « Les guides ».
 *
 * Tables (schema.ts, step 20): portal_personal_addresses, portal_apps, portal_app_tickets,
 * portal_guides (portal-schema.ts); the courrier's (courrier/schema.ts); the dossier's, CV's
 * and perspectives' (dossier/schema.ts: portal_dossiers and their affectations and congés,
 * portal_cv_versions, portal_campaigns).
 *
 * Invariants:
 * - The only SQL on these tables.
 * - Courrier goes only between an agent and their gestionnaire; its content lives in the mail
 *   store as a held content (never in a mailbox, never counted in a quota, never over IMAP).
 * - An agent reads their own dossier and CV only; a gestionnaire only their agents'.
 *
 * May import: src/db (types), accounts, store, mime, delivery (system mail), and the directory
 * and calendar through their index.ts; csv-parse (the dossiers' import, dossier/).
 */
export {
  Courrier,
  LIST_LIMIT as COURRIER_LIST_LIMIT,
  MAX_MESSAGE_CHARS,
  MAX_SUBJECT_CHARS,
  attachmentLimitMessage,
  attachmentLimitText,
  type AgentBox,
  type CourrierSummary,
  type CourrierWithContent,
  type QueueFilter,
} from './courrier/courrier.js';
export type { CourrierFile } from './courrier/courrier-message.js';
export { personalNotice } from './courrier/personal-notice.js';
export { CourrierThemes } from './courrier/themes.js';
export * from './dossier/index.js';
export { PortalApps, TICKET_TTL_MS, type PortalApp } from './apps.js';
export { Guides, MAX_GUIDE_BYTES, guideHtml, slugOf, type Guide, type GuideInput } from './guides.js';
export { PersonalAddresses } from './personal-addresses.js';
export { PortalError } from './portal-error.js';
export { PORTAL_SCHEMA } from './schema.js';
