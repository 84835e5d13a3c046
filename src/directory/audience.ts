/**
 * Who an institutional message goes to, in the annuaire's terms (issue 20): `all`, `1d`, `2d`,
 * `dept:013`, `circo:<UAI>`, `uai:<UAI>`, `role:<rôle>`, several joined with `,` meaning « any
 * of ». A person is in the audience by one of their affectations (any of them) or their role;
 * only people with an open mailbox here receive anything.
 */
import { normalizeRole } from './roles.js';
import { normalizeUai, uaiProblem } from './uai.js';

export type AudienceCriterion =
  | { kind: 'all' }
  | { kind: 'degre'; degre: '1d' | '2d' }
  | { kind: 'dept'; departement: string }
  | { kind: 'circo'; uai: string }
  | { kind: 'uai'; uai: string }
  | { kind: 'role'; role: string };

/** The audience as written (normalised: `circo:0133300s` → `circo:0133300S`) and its criteria. */
export interface Audience {
  text: string;
  criteria: AudienceCriterion[];
}

export class AudienceError extends Error {
  override name = 'AudienceError';
}

/** At most this many criteria: an audience is a few words, not a list of schools. */
export const MAX_CRITERIA = 50;

/** Reads an audience; throws AudienceError saying what is wrong. Existence of UAIs is checked by the Directory. */
export function parseAudience(input: string): Audience {
  const parts = input.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw new AudienceError('Public vide : par exemple all, 1d, 2d, dept:013, circo:UAI, uai:UAI, role:directeur.');
  if (parts.length > MAX_CRITERIA) throw new AudienceError(`Public trop long : au plus ${MAX_CRITERIA} critères.`);
  const criteria = parts.map(parseCriterion);
  return { text: criteria.map(criterionText).join(','), criteria };
}

function parseCriterion(part: string): AudienceCriterion {
  const lower = part.toLowerCase();
  if (lower === 'all') return { kind: 'all' };
  if (lower === '1d' || lower === '2d') return { kind: 'degre', degre: lower };
  const colon = part.indexOf(':');
  const key = colon < 0 ? '' : part.slice(0, colon).trim().toLowerCase();
  const value = colon < 0 ? '' : part.slice(colon + 1).trim();
  switch (key) {
    case 'dept': {
      if (!/^\d{2,3}$/.test(value)) throw new AudienceError(`Département invalide : « ${value} » (3 chiffres, par exemple dept:013).`);
      return { kind: 'dept', departement: value.padStart(3, '0').toUpperCase() };
    }
    case 'circo':
    case 'uai': {
      const uai = normalizeUai(value);
      if (!uai) throw new AudienceError(`Public « ${part} » : ${uaiProblem(value) ?? 'UAI invalide'}.`);
      return { kind: key, uai };
    }
    case 'role': {
      if (value === '') throw new AudienceError('Rôle vide : par exemple role:directeur.');
      return { kind: 'role', role: normalizeRole(value) };
    }
    default:
      throw new AudienceError(`Public inconnu : « ${part} » (attendu : all, 1d, 2d, dept:013, circo:UAI, uai:UAI, role:RÔLE).`);
  }
}

function criterionText(criterion: AudienceCriterion): string {
  switch (criterion.kind) {
    case 'all': return 'all';
    case 'degre': return criterion.degre;
    case 'dept': return `dept:${criterion.departement}`;
    case 'circo': return `circo:${criterion.uai}`;
    case 'uai': return `uai:${criterion.uai}`;
    case 'role': return `role:${criterion.role}`;
  }
}

/** The audience in French words, for the admin pages (« 1er degré, département 013 »). */
export function describeAudience(audience: Audience): string {
  return audience.criteria
    .map((c) => {
      switch (c.kind) {
        case 'all': return 'tous les agents';
        case 'degre': return c.degre === '1d' ? 'le 1er degré' : 'le 2nd degré';
        case 'dept': return `le département ${c.departement}`;
        case 'circo': return `la circonscription ${c.uai}`;
        case 'uai': return `la structure ${c.uai}`;
        case 'role': return `le rôle « ${c.role} »`;
      }
    })
    .join(', ');
}

/**
 * The SQL condition on a person `p` for one criterion, with its parameters. Affectations are
 * matched through directory_affectations_by_uai; the structure tables are a few thousand rows.
 */
export function criterionSql(criterion: AudienceCriterion): { sql: string; params: string[] } {
  const affectedTo = (where: string) =>
    `EXISTS (SELECT 1 FROM directory_affectations a JOIN directory_structures s ON s.uai = a.uai WHERE a.person_id = p.id AND ${where})`;
  switch (criterion.kind) {
    case 'all': return { sql: '1', params: [] };
    case 'degre': return { sql: affectedTo('s.degre = ?'), params: [criterion.degre] };
    case 'dept': return { sql: affectedTo('s.departement = ?'), params: [criterion.departement] };
    case 'circo': return { sql: affectedTo('(s.uai = ? OR s.circonscription = ?)'), params: [criterion.uai, criterion.uai] };
    case 'uai': return { sql: `EXISTS (SELECT 1 FROM directory_affectations a WHERE a.person_id = p.id AND a.uai = ?)`, params: [criterion.uai] };
    case 'role': return { sql: 'p.role = ?', params: [criterion.role] };
  }
}
