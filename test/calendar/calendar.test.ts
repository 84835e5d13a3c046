import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.js';
import {
  CalendarInputError,
  addDays,
  classCalendar,
  easterSunday,
  endOfParisDay,
  frenchDate,
  parisDay,
  parisOffset,
  parseCivilDate,
  publicHolidayOn,
} from '../../src/calendar/index.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('civil dates', () => {
  it('reads real YYYY-MM-DD days only', () => {
    expect(parseCivilDate('2026-12-10')).toBe('2026-12-10');
    expect(parseCivilDate('2028-02-29')).toBe('2028-02-29');
    for (const bad of ['2027-02-29', '2026-13-01', '2026-12-1', '10/12/2026', '', '2026-12-10T00:00']) expect(parseCivilDate(bad)).toBeNull();
  });

  it('counts days across a DST change without losing one', () => {
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
    expect(addDays('2026-10-25', -1)).toBe('2026-10-24');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('writes a date as French does', () => {
    expect(frenchDate('2026-12-10')).toBe('jeudi 10 décembre 2026');
    expect(frenchDate('2027-05-01')).toBe('samedi 1er mai 2027');
  });
});

describe('Paris time', () => {
  it('gives the offset of the day: +01:00 in winter, +02:00 in summer, the change days included', () => {
    expect(parisOffset('2026-12-10', '23:59:59')).toBe('+01:00');
    expect(parisOffset('2027-06-03', '23:59:59')).toBe('+02:00');
    expect(parisOffset('2027-03-27', '23:59:59')).toBe('+01:00');
    expect(parisOffset('2027-03-28', '23:59:59')).toBe('+02:00');
    expect(parisOffset('2026-10-24', '23:59:59')).toBe('+02:00');
    expect(parisOffset('2026-10-25', '23:59:59')).toBe('+01:00');
  });

  it('ends a Paris day at local midnight, whatever the season', () => {
    expect(new Date(endOfParisDay('2026-12-10')).toISOString()).toBe('2026-12-10T23:00:00.000Z');
    expect(new Date(endOfParisDay('2027-06-03')).toISOString()).toBe('2027-06-03T22:00:00.000Z');
    expect(parisDay(Date.parse('2026-12-10T22:59:59Z'))).toBe('2026-12-10');
    expect(parisDay(Date.parse('2026-12-10T23:00:00Z'))).toBe('2026-12-11');
  });
});

describe('public holidays', () => {
  it('finds Easter Sunday (published dates)', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2028)).toBe('2028-04-16');
    expect(easterSunday(2019)).toBe('2019-04-21');
  });

  it('lists the Easter-based and the fixed holidays', () => {
    expect(publicHolidayOn('2027-03-29')).toBe('Lundi de Pâques');
    expect(publicHolidayOn('2027-05-06')).toBe('Ascension');
    expect(publicHolidayOn('2027-05-17')).toBe('Lundi de Pentecôte');
    expect(publicHolidayOn('2026-11-11')).toBe('Armistice 1918');
    expect(publicHolidayOn('2027-05-08')).toBe('Victoire 1945');
    expect(publicHolidayOn('2026-12-10')).toBeNull();
  });
});

describe('school holidays and class days', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let services: Services;
  beforeEach(() => {
    temp = makeTempDir();
    services = createServices(testConfig(temp.dir), silentLogger);
  });
  afterEach(() => {
    services.db.close();
    temp.cleanup();
  });

  it('records a period once, and refuses a wrong zone, date or order with a reason', () => {
    const first = services.holidays.add({ zone: 'b', from: '2026-12-19', to: '2027-01-03', label: 'Vacances de Noël' });
    expect(first.added).toBe(true);
    expect(first.holiday.zone).toBe('B');
    expect(services.holidays.add({ zone: 'B', from: '2026-12-19', to: '2027-01-03', label: 'Noël' }).added).toBe(false);
    expect(() => services.holidays.add({ zone: 'D', from: '2026-12-19', to: '2027-01-03', label: 'x' })).toThrow(CalendarInputError);
    expect(() => services.holidays.add({ zone: 'A', from: '2027-01-03', to: '2026-12-19', label: 'x' })).toThrow(/précède/);
    expect(() => services.holidays.add({ zone: 'A', from: '2026-02-30', to: '2026-03-01', label: 'x' })).toThrow(/invalide/);
    expect(services.holidays.list()).toHaveLength(1);
  });

  it('holds classes on the week pattern, minus public holidays and the zone’s holidays (and those of all zones)', () => {
    services.holidays.add({ zone: 'B', from: '2026-12-19', to: '2027-01-03', label: 'Vacances de Noël' });
    services.holidays.add({ zone: 'all', from: '2027-05-07', to: '2027-05-08', label: 'Pont de l’Ascension' });
    const b4 = classCalendar({ semaine: '4j', zone: 'B' }, services.holidays, '2026-09-01', '2027-07-01');
    const a45 = classCalendar({ semaine: '4.5j', zone: 'A' }, services.holidays, '2026-09-01', '2027-07-01');
    expect(b4.isClassDay('2026-12-14')).toBe(true); // lundi
    expect(b4.isClassDay('2026-12-16')).toBe(false); // mercredi, semaine de 4 jours
    expect(a45.isClassDay('2026-12-16')).toBe(true); // mercredi matin
    expect(b4.noClassReason('2026-12-21')).toEqual({ kind: 'school-holiday', label: 'Vacances de Noël' });
    expect(a45.isClassDay('2026-12-21')).toBe(true); // zone A has not entered them
    expect(b4.noClassReason('2026-11-11')).toEqual({ kind: 'weekday' }); // a Wednesday: no class anyway in 4j
    expect(a45.noClassReason('2026-11-11')).toEqual({ kind: 'public-holiday', label: 'Armistice 1918' });
    expect(a45.isClassDay('2027-05-07')).toBe(false); // pont, all zones
    expect(b4.noClassReason('2026-12-19')).toEqual({ kind: 'weekday' });
  });
});
