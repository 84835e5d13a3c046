import { describe, expect, it } from 'vitest';
import type { ElectionPeriod } from '../../../src/config.js';
import { electionOpen, electionSentence } from '../../../src/web/election/election-period.js';

const VOTE_2026: ElectionPeriod = {
  start: Date.parse('2026-12-03T10:00:00+01:00'),
  end: Date.parse('2026-12-10T17:00:00+01:00'),
  url: 'https://vote.example/',
  demo: false,
};

describe('the élections period', () => {
  it('is open from its first instant and closed at its end exactly', () => {
    expect(electionOpen(VOTE_2026, VOTE_2026.start - 1)).toBe(false);
    expect(electionOpen(VOTE_2026, VOTE_2026.start)).toBe(true);
    expect(electionOpen(VOTE_2026, VOTE_2026.end - 1)).toBe(true);
    expect(electionOpen(VOTE_2026, VOTE_2026.end)).toBe(false);
    expect(electionOpen(VOTE_2026, VOTE_2026.end + 86_400_000)).toBe(false);
  });

  it('is never open when no vote is configured', () => {
    expect(electionOpen(null, Date.now())).toBe(false);
  });

  it('says the 2026 vote in French, in Paris time', () => {
    expect(electionSentence(VOTE_2026)).toBe(
      'Élections professionnelles : vote électronique du jeudi 3 décembre 2026 à 10 h au jeudi 10 décembre 2026 à 17 h',
    );
  });

  it('writes the minutes when there are some, « 1er » for the first of a month, and summer time', () => {
    const period = { start: Date.parse('2027-05-31T22:30:00Z'), end: Date.parse('2027-06-01T07:05:00Z') };
    // 22:30 UTC on 31 May is 00:30 in Paris (UTC+2) on 1 June.
    expect(electionSentence(period)).toBe('Élections professionnelles : vote électronique du mardi 1er juin 2027 à 0 h 30 au mardi 1er juin 2027 à 9 h 05');
  });
});
