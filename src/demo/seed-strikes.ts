/**
 * The strike declaration in the demo académie: zone B's school holidays of 2026–2027, labelled
 * as an example to check against the official calendar, and a demo préavis covering the first
 * two class days of the demo école whose deadline has not passed, so that the demo teacher can
 * declare at once and her IEN see the count.
 */
import { addDays, parisDay } from '../calendar/index.js';
import type { Services } from '../services.js';

/** Days without classes, both ends included (from the 2026–2027 calendar as published; to be checked). */
const ZONE_B_2026_2027: ReadonlyArray<[string, string, string]> = [
  ['2026-10-17', '2026-11-01', 'Vacances de la Toussaint'],
  ['2026-12-19', '2027-01-03', 'Vacances de Noël'],
  ['2027-02-20', '2027-03-07', 'Vacances d’hiver'],
  ['2027-04-17', '2027-05-02', 'Vacances de printemps'],
  ['2027-05-07', '2027-05-09', 'Pont de l’Ascension'],
  ['2027-07-03', '2027-08-31', 'Vacances d’été'],
];
const EXAMPLE = ' (exemple de démonstration, à vérifier sur le calendrier officiel)';

export interface DemoStrikes {
  holidays: number;
  /** The days the demo préavis covers. */
  preavis: { from: string; to: string } | null;
}

export function seedStrikes(services: Services, ecoleUai: string): DemoStrikes {
  for (const [from, to, label] of ZONE_B_2026_2027) services.holidays.add({ zone: 'B', from, to, label: `${label}${EXAMPLE}` });
  const ecole = services.directory.structure(ecoleUai);
  if (!ecole) return { holidays: ZONE_B_2026_2027.length, preavis: null };
  const today = parisDay(Date.now());
  // The first class day whose deadline is at least two days away, and the class day after it.
  const days: string[] = [];
  for (let day = addDays(today, 3); days.length < 2 && day < addDays(today, 120); day = addDays(day, 1)) {
    const calendar = services.strikes.calendarOf(ecole, day);
    if (!calendar.isClassDay(day)) continue;
    if (days.length === 0 && services.strikes.deadline(ecole.uai, day).deadline.slice(0, 10) < addDays(today, 2)) continue;
    days.push(day);
  }
  if (days.length === 0) return { holidays: ZONE_B_2026_2027.length, preavis: null };
  const preavis = services.strikes.preavis.add({
    union: 'Intersyndicale de démonstration (fictive)',
    from: days[0]!,
    to: days.at(-1)!,
    reference: 'DEMO-1',
    text: 'Préavis fictif de la démonstration : il permet d’essayer la déclaration d’intention de grève.',
  });
  return { holidays: ZONE_B_2026_2027.length, preavis: { from: preavis.from, to: preavis.to } };
}
