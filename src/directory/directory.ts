/**
 * The annuaire as the rest of Webmel reads it: search, a structure's page, a person's card,
 * the links the académie services follow (the IEN of a circonscription, the directors of an
 * école, a person's gestionnaire) and the quick recipients of compose.
 */
import type { Db } from '../db/database.js';
import { DirectorySearch, type DirectoryHit, type SearchAnswer, type SearchFilters } from './directory-search.js';
import { DirectoryWriter, type AccountRecord, type PersonRecord } from './directory-writer.js';
import { STRUCTURE_TYPES, type Degre, type Secteur, type Semaine, type StructureType, type Zone } from './structure-types.js';
import { AudienceError, criterionSql, type Audience } from './audience.js';
import { normalizeUai } from './uai.js';

export interface Structure {
  uai: string;
  type: StructureType;
  /** « École élémentaire », « Circonscription »… */
  typeLabel: string;
  nom: string;
  commune: string;
  codePostal: string;
  departement: string;
  degre: Degre | null;
  secteur: Secteur;
  circonscription: string | null;
  zone: Zone | null;
  semaine: Semaine | null;
  address: string;
}

export interface Person extends Omit<PersonRecord, 'affectations' | 'gestionnaire' | 'dechargeTotale'> {
  gestionnaire: string | null;
  /** A director with a full teaching discharge (not counted among an école's teachers). */
  dechargeTotale: boolean;
  /** Whether this address is a mailbox on this server, and open. */
  mailbox: 'active' | 'disabled' | null;
  /** The UAIs of the affectations, the main one first. */
  affectations: string[];
}

export interface StructurePage {
  structure: Structure;
  /** An école's circonscription. */
  circonscription: Structure | null;
  /** A circonscription's IEN(s). */
  ien: Person[];
  /** A circonscription's écoles. */
  ecoles: Structure[];
  /** The people affected here, alphabetically, at most STAFF_LIMIT. */
  staff: Person[];
  staffCount: number;
}

export interface QuickRecipient {
  /** « Mon IEN », « Ma circonscription », « Direction académique (DSDEN) », « Mon gestionnaire ». */
  label: string;
  name: string;
  address: string;
}

/**
 * Who receives a structure `s`'s functional address: its people with an open mailbox here and
 * the role that answers for it, the IEN of a circonscription, the director of anything else.
 * One rule for functionalAddressHolder and reachableAmong.
 */
const HOLDERS = `JOIN directory_affectations a ON a.uai = s.uai
  JOIN directory_people p ON p.id = a.person_id AND p.mailbox = 'active'
    AND p.role = CASE s.type WHEN 'circonscription' THEN 'ien' ELSE 'directeur' END`;

/** People listed on a structure's page: a lycée's staff, not a phone book. */
export const STAFF_LIMIT = 500;

const STRUCTURE_COLUMNS = `uai, type, nom, commune, code_postal AS codePostal, departement, degre, secteur, circonscription, zone, semaine, address`;
const PERSON_COLUMNS = `p.id, p.address, p.nom, p.prenom, p.fonction, p.corps, p.discipline, p.role, p.gestionnaire, p.decharge_totale AS dechargeTotale, p.mailbox`;

type StructureRow = Omit<Structure, 'typeLabel'>;
type PersonRow = Omit<Person, 'affectations' | 'dechargeTotale'> & { id: number; dechargeTotale: number };

function toStructure(row: StructureRow): Structure {
  return { ...row, typeLabel: STRUCTURE_TYPES[row.type].label };
}

export class Directory {
  readonly writer: DirectoryWriter;
  private readonly searcher: DirectorySearch;
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly domain: string,
  ) {
    this.writer = new DirectoryWriter(db, domain);
    this.searcher = new DirectorySearch(db);
    this.stmt = {
      structure: db.prepare(`SELECT ${STRUCTURE_COLUMNS} FROM directory_structures WHERE uai = ?`),
      structureByAddress: db.prepare(`SELECT ${STRUCTURE_COLUMNS} FROM directory_structures WHERE address = ?`),
      person: db.prepare(`SELECT ${PERSON_COLUMNS} FROM directory_people p WHERE p.address = ?`),
      agentsOf: db.prepare(`SELECT ${PERSON_COLUMNS} FROM directory_people p WHERE p.gestionnaire = ? ORDER BY p.nom, p.prenom`),
      affectations: db.prepare(`SELECT uai FROM directory_affectations WHERE person_id = ? ORDER BY position`).pluck(),
      ecoles: db.prepare(`SELECT ${STRUCTURE_COLUMNS} FROM directory_structures WHERE circonscription = ? ORDER BY sort_key`),
      // A few hundred in an académie; read through the name index (no index on the type).
      circonscriptions: db.prepare(`SELECT ${STRUCTURE_COLUMNS} FROM directory_structures WHERE type = 'circonscription' ORDER BY sort_key`),
      staff: db.prepare(
        `SELECT ${PERSON_COLUMNS} FROM directory_affectations a JOIN directory_people p ON p.id = a.person_id
         WHERE a.uai = ? AND p.mailbox IS NOT 'disabled' ORDER BY p.sort_key LIMIT ${STAFF_LIMIT}`,
      ),
      staffCount: db.prepare(
        `SELECT count(*) FROM directory_affectations a JOIN directory_people p ON p.id = a.person_id
         WHERE a.uai = ? AND p.mailbox IS NOT 'disabled'`,
      ).pluck(),
      withRole: db.prepare(
        `SELECT ${PERSON_COLUMNS} FROM directory_affectations a JOIN directory_people p ON p.id = a.person_id
         WHERE a.uai = ? AND p.role = ? AND p.mailbox IS NOT 'disabled' ORDER BY p.sort_key`,
      ),
      dsden: db.prepare(`SELECT ${STRUCTURE_COLUMNS} FROM directory_structures WHERE type = 'dsden' AND departement = ? ORDER BY uai LIMIT 1`),
      counts: db.prepare(
        `SELECT (SELECT count(*) FROM directory_structures) AS structures, (SELECT count(*) FROM directory_people) AS people`,
      ),
      structureTypes: db.prepare(`SELECT uai, type FROM directory_structures`).raw(),
      addresses: db.prepare(`SELECT address FROM directory_people`).pluck(),
      openMailboxesAmong: db.prepare(`SELECT address FROM directory_people WHERE address IN (SELECT value FROM json_each(?)) AND mailbox = 'active'`).pluck(),
      holder: db.prepare(`SELECT p.address FROM directory_structures s ${HOLDERS} WHERE s.address = ? ORDER BY p.sort_key LIMIT 1`).pluck(),
      receivedStructuresAmong: db
        .prepare(`SELECT DISTINCT s.address FROM directory_structures s ${HOLDERS} WHERE s.address IN (SELECT value FROM json_each(?))`)
        .pluck(),
      teachingHeadcounts: db.prepare(
        `SELECT a.uai, count(*) AS n FROM directory_affectations a JOIN directory_people p ON p.id = a.person_id
         WHERE a.uai IN (SELECT value FROM json_each(?)) AND p.role IN ('enseignant', 'directeur') AND p.decharge_totale = 0
         GROUP BY a.uai`,
      ).raw(),
      accountEntries: db.prepare(`SELECT count(*) FROM directory_people WHERE mailbox IS NOT NULL`).pluck(),
    };
  }

  /** Up to `limit` entries matching every word of `input` (and the filters). */
  search(input: string, filters: SearchFilters = {}, limit = 10): SearchAnswer {
    return this.searcher.search(input, filters, limit);
  }

  /** The compose form's suggestions: the same search, people and structures. */
  suggest(input: string, limit = 10): DirectoryHit[] {
    return this.searcher.search(input, {}, limit).hits;
  }

  structure(uai: string): Structure | null {
    const normalized = normalizeUai(uai);
    const row = normalized ? (this.stmt.structure.get(normalized) as StructureRow | undefined) : undefined;
    return row ? toStructure(row) : null;
  }

  structurePage(uai: string): StructurePage | null {
    const structure = this.structure(uai);
    if (!structure) return null;
    const isCirconscription = structure.type === 'circonscription';
    return {
      structure,
      circonscription: structure.circonscription ? this.structure(structure.circonscription) : null,
      ien: isCirconscription ? this.withRole(structure.uai, 'ien') : [],
      ecoles: isCirconscription ? (this.stmt.ecoles.all(structure.uai) as StructureRow[]).map(toStructure) : [],
      staff: (this.stmt.staff.all(structure.uai) as PersonRow[]).map((row) => this.toPerson(row)),
      staffCount: this.stmt.staffCount.get(structure.uai) as number,
    };
  }

  /** Every circonscription, by name: the annuaire's circonscription filter. */
  circonscriptions(): Structure[] {
    return (this.stmt.circonscriptions.all() as StructureRow[]).map(toStructure);
  }

  person(address: string): Person | null {
    const row = this.stmt.person.get(address.trim().toLowerCase()) as PersonRow | undefined;
    return row ? this.toPerson(row) : null;
  }

  /** The IEN(s) of a circonscription: the people with role `ien` affected to it. */
  ienOf(circonscriptionUai: string): Person[] {
    return this.withRole(circonscriptionUai, 'ien');
  }

  /** The director(s) of an école: the people with role `directeur` affected to it. */
  directorsOf(ecoleUai: string): Person[] {
    return this.withRole(ecoleUai, 'directeur');
  }

  /** A person's gestionnaire, when the directory knows them. */
  gestionnaireOf(address: string): Person | null {
    const person = this.person(address);
    return person?.gestionnaire ? this.person(person.gestionnaire) : null;
  }

  /** The people a gestionnaire manages (their annuaire entry names this address), by name. */
  agentsOf(gestionnaireAddress: string): Person[] {
    return (this.stmt.agentsOf.all(gestionnaireAddress.trim().toLowerCase()) as PersonRow[]).map((row) => this.toPerson(row));
  }

  /** Whether `gestionnaireAddress` manages the person at `agentAddress`. */
  manages(gestionnaireAddress: string, agentAddress: string): boolean {
    const person = this.person(agentAddress);
    return person !== null && person.gestionnaire === gestionnaireAddress.trim().toLowerCase();
  }

  /**
   * The circonscription a person belongs to: the one of their main école, or the
   * circonscription itself when they are affected to it (an IEN, a conseiller pédagogique).
   */
  circonscriptionOf(person: Person): Structure | null {
    for (const uai of person.affectations) {
      const structure = this.structure(uai);
      if (!structure) continue;
      if (structure.type === 'circonscription') return structure;
      if (structure.circonscription) return this.structure(structure.circonscription);
    }
    return null;
  }

  /**
   * The recipients a staff member writes to most, from their affectation: « Mon IEN »,
   * « Ma circonscription », « Direction académique (DSDEN) », « Mon gestionnaire ». One the
   * directory does not know, or that could not receive the message, is left out.
   */
  quickRecipients(address: string): QuickRecipient[] {
    const person = this.person(address);
    if (!person) return [];
    const out: QuickRecipient[] = [];
    const circonscription = this.circonscriptionOf(person);
    if (circonscription) {
      const ien = this.ienOf(circonscription.uai).find((p) => p.address !== person.address && this.receivesMail(p));
      if (ien) out.push({ label: 'Mon IEN', name: `${ien.prenom} ${ien.nom}`, address: ien.address });
      if (this.functionalAddressHolder(circonscription.address)) {
        out.push({ label: 'Ma circonscription', name: `Circonscription ${circonscription.nom}`, address: circonscription.address });
      }
    }
    const main = person.affectations.map((uai) => this.structure(uai)).find((s) => s !== null);
    const dsden = main ? (this.stmt.dsden.get(main.departement) as StructureRow | undefined) : undefined;
    if (dsden && this.functionalAddressHolder(dsden.address)) out.push({ label: 'Direction académique (DSDEN)', name: dsden.nom, address: dsden.address });
    const gestionnaire = person.gestionnaire ? this.person(person.gestionnaire) : null;
    if (gestionnaire && this.receivesMail(gestionnaire)) {
      out.push({ label: 'Mon gestionnaire', name: `${gestionnaire.prenom} ${gestionnaire.nom}`, address: gestionnaire.address });
    }
    return out;
  }

  /**
   * The mailbox that receives a structure's functional address (`ce.0131234w@…`) until
   * mailboxes shared by several people exist: the IEN of a circonscription, the director of an
   * école, établissement or service (the first alphabetically with an open mailbox here). Null
   * when nobody responsible has a mailbox here, or when the address is no structure's: mail to
   * it is then refused as to an unknown address, never accepted and lost.
   */
  functionalAddressHolder(address: string): string | null {
    return (this.stmt.holder.get(address.trim().toLowerCase()) as string | undefined) ?? null;
  }

  /** Whether mail to this person is delivered: an open mailbox here, or an address of another domain. */
  receivesMail(person: Pick<Person, 'address' | 'mailbox'>): boolean {
    return person.mailbox === 'active' || !person.address.endsWith(`@${this.domain}`);
  }

  /**
   * Whether mail to `address` would be delivered: another domain's (relayed), a person's
   * with an open mailbox here, or a functional address someone receives.
   */
  receivesMailAt(address: string): boolean {
    return this.reachableAmong([address]).size > 0;
  }

  /** `receivesMailAt` for the addresses of a page of cards, in two reads whatever their number: the ones mail would reach. */
  reachableAmong(addresses: readonly string[]): Set<string> {
    const normalized = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
    const reachable = new Set(normalized.filter((a) => !a.endsWith(`@${this.domain}`)));
    const ours = JSON.stringify(normalized.filter((a) => !reachable.has(a)));
    for (const address of this.stmt.openMailboxesAmong.all(ours) as string[]) reachable.add(address);
    for (const address of this.stmt.receivedStructuresAmong.all(ours) as string[]) reachable.add(address);
    return reachable;
  }

  /**
   * The people who teach in each of these écoles: its enseignants and directeurs, a director with
   * a full discharge left out (circulaire n° 2008-111: the service d'accueil's 25 % is of the
   * people teaching there). Every UAI asked for is in the map, 0 when nobody.
   */
  teachingHeadcounts(uais: readonly string[]): Map<string, number> {
    const counts = new Map(uais.map((uai) => [uai, 0]));
    for (const [uai, n] of this.stmt.teachingHeadcounts.all(JSON.stringify(uais)) as Array<[string, number]>) counts.set(uai, n);
    return counts;
  }

  /**
   * The addresses of the open mailboxes an audience reaches (with `withDisabled`, the disabled
   * ones too: the console's read-only view), each once, sorted. Throws
   * AudienceError for a UAI the annuaire does not know, or a `circo:` that is not a
   * circonscription: a typo must not send a bulletin to nobody, or to the wrong people.
   */
  audienceAddresses(audience: Audience, options: { withDisabled?: boolean } = {}): string[] {
    for (const criterion of audience.criteria) {
      if (criterion.kind !== 'circo' && criterion.kind !== 'uai') continue;
      const structure = this.structure(criterion.uai);
      if (!structure) throw new AudienceError(`UAI inconnu de l’annuaire : « ${criterion.uai} ».`);
      if (criterion.kind === 'circo' && structure.type !== 'circonscription') {
        throw new AudienceError(`${criterion.uai} (${structure.nom}) n’est pas une circonscription : utilisez uai:${criterion.uai}.`);
      }
    }
    const conditions = audience.criteria.map(criterionSql);
    const where = conditions.map((c) => `(${c.sql})`).join(' OR ');
    return this.db
      .prepare(`SELECT p.address FROM directory_people p WHERE p.mailbox ${options.withDisabled ? `IN ('active', 'disabled')` : `= 'active'`} AND (${where}) ORDER BY p.address`)
      .pluck()
      .all(...conditions.flatMap((c) => c.params)) as string[];
  }

  /** The écoles of a circonscription, by name. */
  ecolesOf(circonscriptionUai: string): Structure[] {
    const normalized = normalizeUai(circonscriptionUai);
    return normalized ? (this.stmt.ecoles.all(normalized) as StructureRow[]).map(toStructure) : [];
  }

  /** A functional address's structure (`ce.0131234w@…`), or null. */
  structureByAddress(address: string): Structure | null {
    const row = this.stmt.structureByAddress.get(address.trim().toLowerCase()) as StructureRow | undefined;
    return row ? toStructure(row) : null;
  }

  /** Every structure's type by UAI, in one read: an import checks its references against it, not row by row. */
  structureTypes(): Map<string, StructureType> {
    return new Map(this.stmt.structureTypes.all() as Array<[string, StructureType]>);
  }

  /** Every person's address, in one read: an import tells new people from known ones without a lookup each. */
  addresses(): Set<string> {
    return new Set(this.stmt.addresses.all() as string[]);
  }

  counts(): { structures: number; people: number } {
    return this.stmt.counts.get() as { structures: number; people: number };
  }

  /** An account deleted: its entry loses its mailbox (the account store calls this in its transaction). */
  forgetAccount(address: string): void {
    this.writer.forgetAccount(address);
  }

  /** Records an account's entry (the account store calls this in its own transaction). */
  recordAccount(account: AccountRecord): void {
    this.writer.recordAccount(account);
  }

  /**
   * Lists every account that has no entry yet: a database made before the référentiel, or
   * accounts restored by hand. Cheap when nothing is missing: one count.
   */
  listAccounts(accounts: () => readonly AccountRecord[], accountCount: number): void {
    if ((this.stmt.accountEntries.get() as number) === accountCount) return;
    this.writer.transaction(() => {
      for (const account of accounts()) this.writer.recordAccount(account);
    });
  }

  private withRole(uai: string, role: string): Person[] {
    const normalized = normalizeUai(uai);
    if (!normalized) return [];
    return (this.stmt.withRole.all(normalized, role) as PersonRow[]).map((row) => this.toPerson(row));
  }

  private toPerson(row: PersonRow): Person {
    const { id, dechargeTotale, ...rest } = row;
    return { ...rest, dechargeTotale: dechargeTotale === 1, affectations: this.stmt.affectations.all(id) as string[] };
  }
}
