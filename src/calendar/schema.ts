/**
 * The school calendar's table: the school holidays admins enter for each school year
 * (`webmel calendar holiday add`). Public holidays are computed (public-holidays.ts), never stored.
 * Each step runs once, in version order with the other modules' steps (src/schema.ts).
 */
import type { Migration } from '../db/migrations.js';

export const CALENDAR_SCHEMA: readonly Migration[] = [
  {
    version: 17,
    sql: `
  -- Days without classes, both ends included, for one zone de vacances or all of them.
  CREATE TABLE calendar_school_holidays (
    id         INTEGER PRIMARY KEY,
    zone       TEXT NOT NULL CHECK (zone IN ('A','B','C','all')),
    from_date  TEXT NOT NULL,                 -- YYYY-MM-DD
    to_date    TEXT NOT NULL CHECK (to_date >= from_date),
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX calendar_school_holidays_by_end ON calendar_school_holidays(to_date);
`,
  },
];
