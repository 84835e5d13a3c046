/** The declarations' rows: the only SQL on strikes_declarations. */
import type { CivilDate } from '../calendar/index.js';
import type { Db } from '../db/database.js';

export type DeclarationKind = 'intention' | 'participation';

export interface Declaration {
  id: number;
  accountId: number;
  kind: DeclarationKind;
  day: CivilDate;
  nom: string;
  prenom: string;
  uai: string;
  circonscription: string | null;
  receivedAt: number;
  withdrawnAt: number | null;
}

export type NewDeclaration = Omit<Declaration, 'id' | 'withdrawnAt'>;

const COLUMNS = `id, account_id AS accountId, kind, day, nom, prenom, uai, circonscription, received_at AS receivedAt, withdrawn_at AS withdrawnAt`;

export class DeclarationStore {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO strikes_declarations (account_id, kind, day, nom, prenom, uai, circonscription, received_at)
         VALUES (@accountId, @kind, @day, @nom, @prenom, @uai, @circonscription, @receivedAt)`,
      ),
      byId: db.prepare(`SELECT ${COLUMNS} FROM strikes_declarations WHERE id = ?`),
      standing: db.prepare(`SELECT ${COLUMNS} FROM strikes_declarations WHERE account_id = ? AND kind = ? AND day = ? AND withdrawn_at IS NULL`),
      ofAccount: db.prepare(`SELECT ${COLUMNS} FROM strikes_declarations WHERE account_id = ? ORDER BY day DESC, kind, received_at DESC`),
      withdraw: db.prepare(`UPDATE strikes_declarations SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL`),
      onDay: db.prepare(
        `SELECT ${COLUMNS} FROM strikes_declarations WHERE day = ? AND kind = ? AND withdrawn_at IS NULL ORDER BY uai, nom, prenom`,
      ),
      onDayIn: db.prepare(
        `SELECT ${COLUMNS} FROM strikes_declarations WHERE day = ? AND kind = ? AND circonscription = ? AND withdrawn_at IS NULL ORDER BY uai, nom, prenom`,
      ),
      daysWith: db.prepare(`SELECT DISTINCT day FROM strikes_declarations WHERE kind = 'intention' ORDER BY day DESC LIMIT 100`).pluck(),
      purge: db.prepare(`DELETE FROM strikes_declarations WHERE day < ?`),
    };
  }

  /** Records them all or none (a day declared twice at once fails the unique index). */
  insertAll(rows: readonly NewDeclaration[]): Declaration[] {
    return this.db.transaction(() =>
      rows.map((row) => ({ ...row, id: Number(this.stmt.insert.run(row).lastInsertRowid), withdrawnAt: null })),
    )();
  }

  byId(id: number): Declaration | null {
    return (this.stmt.byId.get(id) as Declaration | undefined) ?? null;
  }

  standing(accountId: number, kind: DeclarationKind, day: CivilDate): Declaration | null {
    return (this.stmt.standing.get(accountId, kind, day) as Declaration | undefined) ?? null;
  }

  ofAccount(accountId: number): Declaration[] {
    return this.stmt.ofAccount.all(accountId) as Declaration[];
  }

  /** False when it was already withdrawn. */
  withdraw(id: number, at: number): boolean {
    return this.stmt.withdraw.run(at, id).changes === 1;
  }

  /** The standing declarations of a day, for one circonscription or all. */
  onDay(day: CivilDate, kind: DeclarationKind, circonscription: string | null): Declaration[] {
    return (circonscription === null ? this.stmt.onDay.all(day, kind) : this.stmt.onDayIn.all(day, kind, circonscription)) as Declaration[];
  }

  /** Strike days that have declarations, the latest first. */
  daysWithDeclarations(): CivilDate[] {
    return this.stmt.daysWith.all() as CivilDate[];
  }

  /** Deletes the declarations of days before `day`; how many. */
  purgeBefore(day: CivilDate): number {
    return this.stmt.purge.run(day).changes;
  }
}
