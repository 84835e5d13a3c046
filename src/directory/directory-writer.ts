/**
 * Every write to the annuaire's tables, and the search indexes kept in step with them in the
 * same transaction: a structure or person upserted by an import, an account recorded by the
 * account store. A row's search text also depends on its neighbours (a person is found by the
 * name of their school; a circonscription by its IEN), so a change marks those neighbours and
 * they are indexed again before the transaction commits.
 */
import type { Db } from '../db/database.js';
import { foldText } from './fold.js';
import { roleSearchWords } from './roles.js';
import { STRUCTURE_TYPES, isSchool, type Degre, type Secteur, type Semaine, type StructureType, type Zone } from './structure-types.js';
import { functionalAddress, uaiDepartement } from './uai.js';

export interface StructureRecord {
  uai: string;
  type: StructureType;
  nom: string;
  commune: string;
  codePostal: string;
  degre: Degre | null;
  secteur: Secteur;
  /** An école's circonscription (its UAI). */
  circonscription: string | null;
  zone: Zone | null;
  semaine: Semaine | null;
}

export interface PersonRecord {
  address: string;
  nom: string;
  prenom: string;
  fonction: string;
  corps: string;
  discipline: string;
  role: string;
  /** UAIs, the main affectation first. */
  affectations: readonly string[];
  /** The address of this person's gestionnaire. */
  gestionnaire: string | null;
  /**
   * A director with a full teaching discharge (décharge totale): not counted in the école's
   * teaching headcount for the service d'accueil threshold (shared/domain.md §1.2).
   */
  dechargeTotale?: boolean;
}

/** What the account store tells the directory about an account (never its secrets). */
export interface AccountRecord {
  address: string;
  nom: string;
  prenom: string;
  fonction: string | null;
  role: string;
  uai: string | null;
  disabled: boolean;
}

/**
 * Page cache of a bulk transaction (an import), in KiB: 1 GiB, the size of the annuaire's
 * tables and indexes for a million people, so that none of the transaction's pages is spilled
 * and read back before the commit (256 MiB: 70 s for the million; 1 GiB: 62 s). SQLite takes
 * the pages as it uses them: a small import costs no more memory than it touches.
 */
const BULK_CACHE_KIB = 1024 * 1024;

/**
 * The search indexes' in-memory buffer during a bulk transaction, in bytes. FTS5 writes its
 * buffer out as a new segment whenever it passes this size, then merges segments: with its
 * default of 1 MiB, a million people make some 300 segments merged over and over (17 s of
 * index writes); with 64 MiB, a few merged once (11 s). Taken only as filled.
 */
const BULK_INDEX_BUFFER_BYTES = 64 * 1024 * 1024;
/** FTS5's own default (FTS5_DEFAULT_HASHSIZE), set back after a bulk transaction. */
const INDEX_BUFFER_BYTES = 1024 * 1024;
const SEARCH_INDEXES = ['directory_people_search', 'directory_structures_search'] as const;

export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

type StructureRow = StructureRecord & { id: number };

type PersonRow = Omit<PersonRecord, 'affectations' | 'dechargeTotale'> & { id: number; imported: number; mailbox: 'active' | 'disabled' | null; dechargeTotale: number };

const STRUCTURE_COLUMNS = `id, uai, type, nom, commune, code_postal AS codePostal, degre, secteur, circonscription, zone, semaine`;
const PERSON_COLUMNS = `id, address, nom, prenom, fonction, corps, discipline, role, gestionnaire, decharge_totale AS dechargeTotale, imported, mailbox`;

function sameStructure(row: StructureRow, s: StructureRecord): boolean {
  return (
    row.type === s.type &&
    row.nom === s.nom &&
    row.commune === s.commune &&
    row.codePostal === s.codePostal &&
    row.degre === s.degre &&
    row.secteur === s.secteur &&
    row.circonscription === s.circonscription &&
    row.zone === s.zone &&
    row.semaine === s.semaine
  );
}

function samePerson(row: PersonRow, affectations: readonly string[], p: PersonRecord): boolean {
  return (
    row.nom === p.nom &&
    row.prenom === p.prenom &&
    row.fonction === p.fonction &&
    row.corps === p.corps &&
    row.discipline === p.discipline &&
    row.role === p.role &&
    row.gestionnaire === p.gestionnaire &&
    row.dechargeTotale === (p.dechargeTotale ? 1 : 0) &&
    affectations.length === p.affectations.length &&
    affectations.every((uai, i) => uai === p.affectations[i])
  );
}

/** Apostrophes (fold.ts drops them, FTS5 splits at them) and the letters fold.ts spells out (æ → ae) and FTS5 keeps. */
const NEEDS_OUR_FOLDING = /['’‘`æœßøđłıÆŒØĐŁ]/u;

/**
 * A column's text as the index stores it: folded as queries are (fold.ts drops apostrophes, so
 * « N'Diaye » is the word « ndiaye » and « d'école » « decole »), plus the pieces a word with an
 * apostrophe is made of, so that « diaye » and « école » find them too. FTS5's own tokenizer
 * would split at the apostrophe only, and « ndiaye » typed would find nothing.
 */
function indexText(text: string): string {
  // Accents and case FTS5 folds itself, as foldText does; only these differ (an import of the
  // académie folds millions of columns: most of them need nothing).
  if (!NEEDS_OUR_FOLDING.test(text)) return text;
  const folded = foldText(text);
  if (!/['’‘`]/u.test(text)) return folded;
  const words = new Set(folded.split(' '));
  const pieces = foldText(text.replace(/['’‘`]+/gu, ' '))
    .split(' ')
    .filter((word) => !words.has(word));
  return pieces.length > 0 ? `${folded} ${pieces.join(' ')}` : folded;
}

/**
 * The words of an address's local part that its owner's name does not already give
 * (« marie.dupont7 » adds « dupont7 »; « marie.dupont » adds nothing): most addresses are
 * prénom.nom, and indexing them again would cost a sixth of the index for no new match.
 */
function addressWords(person: { address: string; nom: string; prenom: string }): string {
  const local = person.address.slice(0, person.address.lastIndexOf('@'));
  const name = new Set(foldText(`${person.prenom} ${person.nom}`).split(' '));
  return local
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((word) => word !== '' && !name.has(word))
    .join(' ');
}

export class DirectoryWriter {
  private readonly stmt;
  /** Rows whose search text depends on something this transaction changed. */
  private readonly dirtyPeople = new Set<number>();
  private readonly dirtyStructures = new Set<string>();
  /** Structures by UAI as the people's search text needs them, for the length of one transaction. */
  private readonly places = new Map<string, { type: StructureType; nom: string; commune: string } | null>();

  constructor(
    private readonly db: Db,
    private readonly domain: string,
  ) {
    this.stmt = {
      structure: db.prepare(`SELECT ${STRUCTURE_COLUMNS} FROM directory_structures WHERE uai = ?`),
      insertStructure: db.prepare(
        `INSERT INTO directory_structures (uai, type, nom, commune, code_postal, departement, degre, secteur, circonscription, zone, semaine, address, sort_key)
         VALUES (@uai, @type, @nom, @commune, @codePostal, @departement, @degre, @secteur, @circonscription, @zone, @semaine, @address, @sortKey)`,
      ),
      updateStructure: db.prepare(
        `UPDATE directory_structures SET type = @type, nom = @nom, commune = @commune, code_postal = @codePostal, degre = @degre,
           secteur = @secteur, circonscription = @circonscription, zone = @zone, semaine = @semaine, sort_key = @sortKey
         WHERE uai = @uai`,
      ),
      person: db.prepare(`SELECT ${PERSON_COLUMNS} FROM directory_people WHERE address = ?`),
      personById: db.prepare(`SELECT ${PERSON_COLUMNS} FROM directory_people WHERE id = ?`),
      insertPerson: db.prepare(
        `INSERT INTO directory_people (address, nom, prenom, fonction, corps, discipline, role, gestionnaire, decharge_totale, imported, mailbox, sort_key)
         VALUES (@address, @nom, @prenom, @fonction, @corps, @discipline, @role, @gestionnaire, @dechargeTotale, @imported, @mailbox, @sortKey)`,
      ),
      updatePerson: db.prepare(
        `UPDATE directory_people SET nom = @nom, prenom = @prenom, fonction = @fonction, corps = @corps, discipline = @discipline,
           role = @role, gestionnaire = @gestionnaire, decharge_totale = @dechargeTotale, imported = @imported, sort_key = @sortKey
         WHERE id = @id`,
      ),
      setMailbox: db.prepare(`UPDATE directory_people SET mailbox = ? WHERE id = ?`),
      affectations: db.prepare(`SELECT uai FROM directory_affectations WHERE person_id = ? ORDER BY position`).pluck(),
      clearAffectations: db.prepare(`DELETE FROM directory_affectations WHERE person_id = ?`),
      addAffectation: db.prepare(`INSERT INTO directory_affectations (person_id, uai, position) VALUES (?, ?, ?)`),
      peopleAt: db.prepare(`SELECT person_id FROM directory_affectations WHERE uai = ?`).pluck(),
      ecolesOf: db.prepare(`SELECT uai FROM directory_structures WHERE circonscription = ?`).pluck(),
      iensOf: db.prepare(
        `SELECT p.prenom || ' ' || p.nom FROM directory_affectations a JOIN directory_people p ON p.id = a.person_id
         WHERE a.uai = ? AND p.role = 'ien' ORDER BY p.sort_key`,
      ).pluck(),
      deletePersonIndex: db.prepare(`DELETE FROM directory_people_search WHERE rowid = ?`),
      insertPersonIndex: db.prepare(
        `INSERT INTO directory_people_search (rowid, nom, prenom, address, work, place) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      deleteStructureIndex: db.prepare(`DELETE FROM directory_structures_search WHERE rowid = ?`),
      insertStructureIndex: db.prepare(
        `INSERT INTO directory_structures_search (rowid, nom, commune, uai, extra) VALUES (?, ?, ?, ?, ?)`,
      ),
      deletePerson: db.prepare(`DELETE FROM directory_people WHERE id = ?`),
      deleteStructure: db.prepare(`DELETE FROM directory_structures WHERE id = ?`),
    };
  }

  /**
   * Runs `fn` in one write transaction (or inside the caller's) and indexes what it made
   * stale before committing: an import is all or nothing, and never leaves the index behind.
   */
  transaction<T>(fn: () => T, options: { bulk?: boolean } = {}): T {
    const run = (): T => {
      // Set inside the transaction: a rolled-back import leaves the stored setting as it was.
      if (options.bulk) this.setIndexBuffer(BULK_INDEX_BUFFER_BYTES);
      try {
        const result = fn();
        this.flush();
        return result;
      } finally {
        if (options.bulk) this.setIndexBuffer(INDEX_BUFFER_BYTES);
      }
    };
    // An import of the académie touches most pages of its tables and indexes: with SQLite's
    // default 2 MB page cache each row would read its b-tree pages back from the file.
    const cacheSize = options.bulk ? (this.db.pragma('cache_size', { simple: true }) as number) : null;
    if (cacheSize !== null) this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    try {
      return this.db.inTransaction ? this.db.transaction(run)() : this.db.transaction(run).immediate();
    } finally {
      if (!this.db.inTransaction) this.forget();
      if (cacheSize !== null) this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  private setIndexBuffer(bytes: number): void {
    // FTS5 configuration is written as a row of the table named after itself (not a binding).
    for (const index of SEARCH_INDEXES) this.db.exec(`INSERT INTO ${index}(${index}, rank) VALUES ('hashsize', ${bytes})`);
  }

  upsertStructure(s: StructureRecord): UpsertOutcome {
    const row = this.stmt.structure.get(s.uai) as StructureRow | undefined;
    if (row && sameStructure(row, s)) return 'unchanged';
    const params = { ...s, departement: uaiDepartement(s.uai), address: functionalAddress(s.uai, this.domain), sortKey: foldText(s.nom) };
    if (row) this.stmt.updateStructure.run(params);
    else this.stmt.insertStructure.run(params);
    this.places.delete(s.uai);
    // Its own text, its people's (they are found by its name), its écoles' (by their circonscription's name).
    this.dirtyStructures.add(s.uai);
    for (const id of this.stmt.peopleAt.all(s.uai) as number[]) this.dirtyPeople.add(id);
    if (s.type === 'circonscription') for (const uai of this.stmt.ecolesOf.all(s.uai) as string[]) this.dirtyStructures.add(uai);
    if (row?.circonscription && row.circonscription !== s.circonscription) this.dirtyStructures.add(row.circonscription);
    return row ? 'updated' : 'added';
  }

  /** A person from the référentiel: its values replace what an account may have said. */
  upsertPerson(input: PersonRecord, options: { knownNew?: boolean } = {}): UpsertOutcome {
    // The same UAI listed twice is one affectation (the first place it is listed).
    const p = new Set(input.affectations).size === input.affectations.length ? input : { ...input, affectations: [...new Set(input.affectations)] };
    // `knownNew`: the caller read every address of the annuaire before (an import) and this one
    // is not among them, which spares a lookup per person.
    const row = options.knownNew ? undefined : (this.stmt.person.get(p.address) as PersonRow | undefined);
    const current = row ? (this.stmt.affectations.all(row.id) as string[]) : [];
    if (row && row.imported === 1 && samePerson(row, current, p)) return 'unchanged';
    const id = this.savePerson(row, current, p, 1, null);
    // The record is at hand: index from it rather than read back what was just written.
    this.indexPerson(id, { record: p, mailbox: row?.mailbox ?? null, isNew: !row });
    return row ? 'updated' : 'added';
  }

  /**
   * Called by the account store, in its transaction, whenever an account is created or its
   * state changes: every local account has an entry. An entry the référentiel imported keeps
   * the référentiel's values; one only the account made follows the account.
   */
  recordAccount(account: AccountRecord): void {
    this.transaction(() => {
      const row = this.stmt.person.get(account.address) as PersonRow | undefined;
      const mailbox = account.disabled ? 'disabled' : 'active';
      if (row?.imported === 1) {
        if (row.mailbox !== mailbox) {
          this.stmt.setMailbox.run(mailbox, row.id);
          this.dirtyPeople.add(row.id);
        }
        return;
      }
      const current = row ? (this.stmt.affectations.all(row.id) as string[]) : [];
      const id = this.savePerson(
        row,
        current,
        {
          address: account.address,
          nom: account.nom,
          prenom: account.prenom,
          fonction: account.fonction ?? '',
          corps: '',
          discipline: '',
          role: account.role,
          affectations: account.uai ? [account.uai] : [],
          gestionnaire: row?.gestionnaire ?? null,
        },
        0,
        mailbox,
      );
      this.dirtyPeople.add(id);
    });
  }

  /**
   * An account deleted (a departure, issue 21): an entry the référentiel imported stays, without
   * a mailbox; one only the account made goes.
   */
  forgetAccount(address: string): void {
    this.transaction(() => {
      const row = this.stmt.person.get(address.toLowerCase()) as PersonRow | undefined;
      if (!row) return;
      if (row.imported === 1) {
        this.stmt.setMailbox.run(null, row.id);
        this.dirtyPeople.add(row.id);
        return;
      }
      this.markNeighboursOf(row.id);
      this.stmt.deletePersonIndex.run(row.id);
      this.stmt.deletePerson.run(row.id);
      this.dirtyPeople.delete(row.id);
    });
  }

  /**
   * Removes the structures and the imported people a full import no longer lists (`--prune`).
   * People with a mailbox here keep an entry, which follows their account from then on.
   */
  prune(kind: 'structures' | 'people', keep: { has(key: string): boolean }): number {
    let removed = 0;
    if (kind === 'structures') {
      const rows = this.db.prepare(`SELECT id, uai FROM directory_structures`).all() as Array<{ id: number; uai: string }>;
      for (const { id, uai } of rows) {
        if (keep.has(uai)) continue;
        this.stmt.deleteStructureIndex.run(id);
        this.stmt.deleteStructure.run(id);
        this.places.delete(uai);
        for (const person of this.stmt.peopleAt.all(uai) as number[]) this.dirtyPeople.add(person);
        removed++;
      }
      return removed;
    }
    const rows = this.db.prepare(`SELECT id, address, mailbox FROM directory_people WHERE imported = 1`).all() as Array<{
      id: number;
      address: string;
      mailbox: string | null;
    }>;
    for (const { id, address, mailbox } of rows) {
      if (keep.has(address)) continue;
      if (mailbox) {
        this.db.prepare(`UPDATE directory_people SET imported = 0 WHERE id = ?`).run(id);
      } else {
        this.markNeighboursOf(id);
        this.stmt.deletePersonIndex.run(id);
        this.stmt.deletePerson.run(id);
        this.dirtyPeople.delete(id);
      }
      removed++;
    }
    return removed;
  }

  private savePerson(row: PersonRow | undefined, current: readonly string[], p: PersonRecord, imported: number, mailbox: string | null): number {
    const params = { ...p, dechargeTotale: p.dechargeTotale ? 1 : 0, imported, mailbox, sortKey: foldText(`${p.nom} ${p.prenom}`) };
    let id: number;
    if (row) {
      this.markNeighboursOf(row.id);
      this.stmt.updatePerson.run({ ...params, id: row.id });
      if (mailbox !== null && row.mailbox !== mailbox) this.stmt.setMailbox.run(mailbox, row.id);
      id = row.id;
    } else {
      id = Number(this.stmt.insertPerson.run(params).lastInsertRowid);
    }
    if (current.length !== p.affectations.length || current.some((uai, i) => uai !== p.affectations[i])) {
      if (row) this.stmt.clearAffectations.run(id);
      p.affectations.forEach((uai, position) => this.stmt.addAffectation.run(id, uai, position));
    }
    if (p.role === 'ien') for (const uai of p.affectations) this.dirtyStructures.add(uai);
    return id;
  }

  /** A circonscription lists its IEN's name: when an IEN changes, so does the circonscription's text. */
  private markNeighboursOf(personId: number): void {
    const row = this.stmt.personById.get(personId) as PersonRow | undefined;
    if (row?.role !== 'ien') return;
    for (const uai of this.stmt.affectations.all(personId) as string[]) this.dirtyStructures.add(uai);
  }

  private place(uai: string): { type: StructureType; nom: string; commune: string } | null {
    let place = this.places.get(uai);
    if (place === undefined) {
      const row = this.stmt.structure.get(uai) as StructureRow | undefined;
      place = row ? { type: row.type, nom: row.nom, commune: row.commune } : null;
      this.places.set(uai, place);
    }
    return place;
  }

  /**
   * Writes a person's search text. A disabled mailbox is left out of the index, so a search
   * never has to filter it out after ranking.
   */
  private indexPerson(id: number, known?: { record: PersonRecord; mailbox: string | null; isNew: boolean }): void {
    this.dirtyPeople.delete(id);
    if (!known?.isNew) this.stmt.deletePersonIndex.run(id);
    const row = known ? known.record : (this.stmt.personById.get(id) as PersonRow | undefined);
    const mailbox = known ? known.mailbox : (row as PersonRow | undefined)?.mailbox;
    if (!row || mailbox === 'disabled') return;
    const affectations = known ? known.record.affectations : (this.stmt.affectations.all(id) as string[]);
    const place = affectations
      .map((uai) => {
        const s = this.place(uai);
        if (!s) return uai;
        // A school's name finds the school, not its hundred teachers: it would also make every
        // « école … » query read a doclist as long as the académie. A circonscription's or a
        // service's name does find its people (« ien marseille 5 »), and they are few.
        return isSchool(s.type) ? `${uai} ${s.commune}` : `${uai} ${s.nom} ${s.commune}`;
      })
      .join(' ');
    const work = `${row.fonction} ${row.corps} ${row.discipline} ${roleSearchWords(row.role)}`;
    this.stmt.insertPersonIndex.run(id, indexText(row.nom), indexText(row.prenom), addressWords(row), indexText(work), indexText(place));
  }

  private indexStructure(uai: string): void {
    const row = this.stmt.structure.get(uai) as StructureRow | undefined;
    if (!row) return;
    this.stmt.deleteStructureIndex.run(row.id);
    const extra: string[] = [];
    if (row.circonscription) {
      const circonscription = this.place(row.circonscription);
      if (circonscription) extra.push(circonscription.nom);
    }
    const iens = this.stmt.iensOf.all(uai) as string[];
    if (iens.length > 0) extra.push('IEN', ...iens);
    if (row.secteur === 'prive') extra.push('privé');
    this.stmt.insertStructureIndex.run(
      row.id,
      indexText(`${STRUCTURE_TYPES[row.type].label} ${row.nom}`),
      indexText(`${row.commune} ${row.codePostal}`),
      row.uai,
      indexText(extra.join(' ')),
    );
  }

  private flush(): void {
    for (const uai of this.dirtyStructures) this.indexStructure(uai);
    for (const id of [...this.dirtyPeople]) this.indexPerson(id);
    this.forget();
  }

  private forget(): void {
    this.dirtyPeople.clear();
    this.dirtyStructures.clear();
    this.places.clear();
  }
}
