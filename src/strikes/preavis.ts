/**
 * The préavis de grève admins register (a union, the days it covers, its reference): a
 * declaration may only name a day one of them covers. The only SQL on strikes_preavis.
 */
import { daysBetween, parseCivilDate, type CivilDate } from '../calendar/index.js';
import type { Db } from '../db/database.js';
import { StrikeError } from './errors.js';

export interface Preavis {
  id: number;
  union: string;
  from: CivilDate;
  to: CivilDate;
  reference: string;
  text: string;
}

export interface PreavisInput {
  union: string;
  from: string;
  to: string;
  reference?: string;
  text?: string;
}

/** A préavis is for a strike, not a season: a longer span is a typing mistake. */
const MAX_PREAVIS_DAYS = 62;
const MAX_UNION_CHARS = 200;
const MAX_TEXT_CHARS = 4000;

const oneLine = (text: string, max: number) => text.replace(/\s+/g, ' ').trim().slice(0, max);

export class PreavisStore {
  private readonly stmt;

  constructor(
    db: Db,
    private readonly now: () => number,
  ) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO strikes_preavis (union_name, from_date, to_date, reference, text, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
      list: db.prepare(`SELECT id, union_name AS "union", from_date AS "from", to_date AS "to", reference, text FROM strikes_preavis ORDER BY from_date, id`),
      touching: db.prepare(
        `SELECT id, union_name AS "union", from_date AS "from", to_date AS "to", reference, text FROM strikes_preavis
         WHERE to_date >= ? AND from_date <= ? ORDER BY from_date, id`,
      ),
    };
  }

  add(input: PreavisInput): Preavis {
    const union = oneLine(input.union, MAX_UNION_CHARS);
    if (!union) throw new StrikeError('Organisation syndicale manquante.');
    const from = parseCivilDate(input.from);
    const to = parseCivilDate(input.to);
    if (!from) throw new StrikeError(`Date de début invalide « ${input.from} » : attendu AAAA-MM-JJ.`);
    if (!to) throw new StrikeError(`Date de fin invalide « ${input.to} » : attendu AAAA-MM-JJ.`);
    if (to < from) throw new StrikeError(`La fin (${to}) précède le début (${from}).`);
    if (daysBetween(from, to) >= MAX_PREAVIS_DAYS) throw new StrikeError(`Préavis de plus de ${MAX_PREAVIS_DAYS} jours : vérifiez les dates.`);
    const reference = oneLine(input.reference ?? '', MAX_UNION_CHARS);
    const text = (input.text ?? '').trim().slice(0, MAX_TEXT_CHARS);
    const id = Number(this.stmt.insert.run(union, from, to, reference, text, this.now()).lastInsertRowid);
    return { id, union, from, to, reference, text };
  }

  list(): Preavis[] {
    return this.stmt.list.all() as Preavis[];
  }

  /** The préavis covering some day from `from` to `to`. */
  touching(from: CivilDate, to: CivilDate): Preavis[] {
    return this.stmt.touching.all(from, to) as Preavis[];
  }

  covering(day: CivilDate): Preavis[] {
    return this.touching(day, day);
  }
}
