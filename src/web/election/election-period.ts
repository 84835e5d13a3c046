/**
 * The « élections professionnelles » vote as the banner says it (shared/domain.md §2): whether it
 * is open at an instant, and the French sentence of its dates, in Paris time whatever the
 * server's zone. Pure: the period comes from the configuration (WEBMEL_ELECTION_*).
 */
import { frenchDate, parisClock, parisDay } from '../../calendar/index.js';
import type { ElectionPeriod } from '../../config.js';

/** From its first instant (included) to its last (excluded): at `end` exactly, the vote is closed. */
export function electionOpen(period: ElectionPeriod | null, now: number): period is ElectionPeriod {
  return period !== null && period.start <= now && now < period.end;
}

/** « jeudi 3 décembre 2026 à 10 h », « … à 9 h 30 » (French writes hours with « h », no zero minutes). */
function frenchDayAndHour(ms: number): string {
  const { hour, minute } = parisClock(ms);
  return `${frenchDate(parisDay(ms))} à ${hour} h${minute === 0 ? '' : ` ${String(minute).padStart(2, '0')}`}`;
}

/** « Élections professionnelles : vote électronique du jeudi 3 décembre 2026 à 10 h au jeudi 10 décembre 2026 à 17 h ». */
export function electionSentence(period: Pick<ElectionPeriod, 'start' | 'end'>): string {
  return `Élections professionnelles : vote électronique du ${frenchDayAndHour(period.start)} au ${frenchDayAndHour(period.end)}`;
}
