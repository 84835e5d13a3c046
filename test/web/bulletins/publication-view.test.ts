/** How the pages say a publication: its state, its time, its audience, and the lists' htmx poll while one is delivered. */
import { describe, expect, it } from 'vitest';
import type { Publication } from '../../../src/bulletins/index.js';
import { ADMIN_LIST_ID, publicationList } from '../../../src/web/admin/bulletins-admin-page.js';
import { audienceWords, durationText, statusText, untilWords } from '../../../src/web/bulletins/publication-view.js';
import { UNION_LIST_ID, unionMessages } from '../../../src/web/bulletins/union-page.js';

const base: Publication = {
  id: 7, kind: 'bulletin', authorId: 1, unionName: null, fromHeader: 'Rectorat <communication@ac-test.fr>', subject: 'Rentrée',
  audience: '1d,dept:013', contentId: 1, month: '2026-12', status: 'pending', recipients: 4000, delivered: 0, skippedFull: 0,
  skippedCap: 0, skippedUnsubscribed: 0, createdAt: Date.parse('2026-12-07T10:00:00+01:00'), startedAt: null, finishedAt: null,
};

describe('a publication in words', () => {
  it('says its state, counting whoever was dealt with, delivered or skipped', () => {
    expect(statusText(base)).toBe('en attente');
    expect(statusText({ ...base, status: 'delivering', delivered: 1000, skippedFull: 150, skippedCap: 40, skippedUnsubscribed: 10 })).toBe('en cours : 1\u202f200/4\u202f000');
    expect(statusText({ ...base, status: 'done' })).toBe('terminé');
  });

  it('says how long it took', () => {
    expect(durationText(20)).toBe('moins de 0,1 s');
    expect(durationText(420)).toBe('0,4 s');
    expect(durationText(12_400)).toBe('12 s');
    expect(durationText(185_000)).toBe('3 min 05 s');
    expect(durationText(2 * 3600_000 + 60_000)).toBe('2 h 01 min');
  });

  it('says the audience in words, and the code as it is when it no longer reads', () => {
    expect(audienceWords('1d,dept:013')).toBe('le 1er degré, le département 013');
    expect(audienceWords('partout')).toBe('partout');
  });

  it('says the last day an unsubscription holds, not the midnight after it', () => {
    expect(untilWords(Date.parse('2030-07-01T00:00:00+02:00'))).toBe('dimanche 30 juin 2030');
    expect(untilWords(Date.parse('2026-12-10T17:00:00+01:00'))).toBe('jeudi 10 décembre 2026');
  });
});

describe('the lists’ poll', () => {
  it('asks htmx for the list every 2 s while a publication is waiting or delivering, and not once all are done', () => {
    for (const status of ['pending', 'delivering'] as const) {
      expect(publicationList([{ ...base, status }], true).toString()).toContain(`<div id="${ADMIN_LIST_ID}" hx-get="/admin/bulletins" hx-trigger="every 2s" hx-swap="outerHTML">`);
      expect(unionMessages([{ ...base, kind: 'union', status }]).toString()).toContain(`<div id="${UNION_LIST_ID}" hx-get="/diffusion-syndicale" hx-trigger="every 2s"`);
    }
    expect(publicationList([{ ...base, status: 'done', finishedAt: base.createdAt + 900 }], true).toString()).toContain(`<div id="${ADMIN_LIST_ID}"><`);
    expect(unionMessages([]).toString()).not.toContain('hx-trigger');
  });

  it('warns the admins when no server delivers what waits', () => {
    expect(publicationList([base], false).toString()).toContain('Aucun serveur Webmel ne distribue en ce moment');
    expect(publicationList([base], true).toString()).not.toContain('Aucun serveur');
  });
});
