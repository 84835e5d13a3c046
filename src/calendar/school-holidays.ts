/**
 * The school holidays of each zone, as admins enter them per school year from the official
 * calendar (arrêté fixing the dates of each year's vacances scolaires). The only SQL on
 * calendar_school_holidays.
 */
import type { Db } from '../db/database.js';
import { daysBetween, parseCivilDate, type CivilDate } from './civil-date.js';

export const HOLIDAY_ZONES = ['A', 'B', 'C', 'all'] as const;
export type HolidayZone = (typeof HOLIDAY_ZONES)[number];

/** A period longer than this is a typing mistake (the summer holidays are about nine weeks). */
const MAX_HOLIDAY_DAYS = 100;
const MAX_LABEL_CHARS = 200;

export interface SchoolHoliday {
  id: number;
  zone: HolidayZone;
  from: CivilDate;
  to: CivilDate;
  label: string;
}

export interface SchoolHolidayInput {
  zone: string;
  from: string;
  to: string;
  label: string;
}

/** What an admin typed that cannot be a holiday period, said in French. */
export class CalendarInputError extends Error {
  override name = 'CalendarInputError';
}

export function parseHolidayZone(text: string): HolidayZone | null {
  const zone = text.trim();
  if (zone.toLowerCase() === 'all') return 'all';
  const upper = zone.toUpperCase();
  return (HOLIDAY_ZONES as readonly string[]).includes(upper) ? (upper as HolidayZone) : null;
}

export class SchoolHolidays {
  private readonly stmt;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO calendar_school_holidays (zone, from_date, to_date, label, created_at) VALUES (?, ?, ?, ?, ?)`),
      same: db.prepare(`SELECT id FROM calendar_school_holidays WHERE zone = ? AND from_date = ? AND to_date = ?`).pluck(),
      list: db.prepare(`SELECT id, zone, from_date AS "from", to_date AS "to", label FROM calendar_school_holidays ORDER BY from_date, zone, id`),
      forZone: db.prepare(
        `SELECT id, zone, from_date AS "from", to_date AS "to", label FROM calendar_school_holidays
         WHERE (zone = ? OR zone = 'all') AND to_date >= ? AND from_date <= ? ORDER BY from_date`,
      ),
    };
  }

  /** Records a period; the same zone and dates entered again is the same period (its id). */
  add(input: SchoolHolidayInput): { holiday: SchoolHoliday; added: boolean } {
    const zone = parseHolidayZone(input.zone);
    if (!zone) throw new CalendarInputError(`Zone inconnue « ${input.zone} » : A, B, C ou all.`);
    const from = parseCivilDate(input.from);
    const to = parseCivilDate(input.to);
    if (!from) throw new CalendarInputError(`Date de début invalide « ${input.from} » : attendu AAAA-MM-JJ.`);
    if (!to) throw new CalendarInputError(`Date de fin invalide « ${input.to} » : attendu AAAA-MM-JJ.`);
    if (to < from) throw new CalendarInputError(`La fin (${to}) précède le début (${from}).`);
    if (daysBetween(from, to) >= MAX_HOLIDAY_DAYS) throw new CalendarInputError(`Période de plus de ${MAX_HOLIDAY_DAYS} jours : vérifiez les dates.`);
    const label = input.label.replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL_CHARS);
    if (!label) throw new CalendarInputError('Libellé manquant (--label), par exemple « Vacances de Noël ».');
    const existing = this.stmt.same.get(zone, from, to) as number | undefined;
    if (existing !== undefined) return { holiday: { id: existing, zone, from, to, label }, added: false };
    const id = Number(this.stmt.insert.run(zone, from, to, label, this.now()).lastInsertRowid);
    return { holiday: { id, zone, from, to, label }, added: true };
  }

  list(): SchoolHoliday[] {
    return this.stmt.list.all() as SchoolHoliday[];
  }

  /** The periods of `zone` (and of all zones) that touch the days from `from` to `to`. */
  forZone(zone: 'A' | 'B' | 'C', from: CivilDate, to: CivilDate): SchoolHoliday[] {
    return this.stmt.forZone.all(zone, from, to) as SchoolHoliday[];
  }
}
