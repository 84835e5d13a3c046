import { describe, expect, it } from 'vitest';
import { MIB } from '../../../src/config.js';
import { parseDraftInfo, formatDraftInfo } from '../../../src/web/compose/draft-info.js';
import { parisInputValue, parisTime, scheduleAt } from '../../../src/web/compose/schedule-time.js';
import { attachmentBudget, attachmentCost, base64Size, largestFileThatFits, PART_OVERHEAD_BYTES } from '../../../src/web/compose/upload-limits.js';

describe('attachment sizes with base64 growth (RFC 2045 6.8)', () => {
  it('counts 4 characters per 3 bytes plus CRLF every 76 characters', () => {
    expect(base64Size(0)).toBe(0);
    expect(base64Size(1)).toBe(6);
    expect(base64Size(57)).toBe(78);
    expect(base64Size(58)).toBe(78 + 4 + 2);
    expect(Buffer.alloc(57 * 1000).toString('base64').replace(/.{76}/g, '$&\r\n').length).toBe(base64Size(57 * 1000));
  });

  it('finds the largest file that still fits, exactly', () => {
    for (const max of [MIB, 20 * MIB]) {
      for (const existing of [[], [1000], [3 * 1024 * 1024 % max, 17]]) {
        const bytes = largestFileThatFits(max, existing);
        const used = existing.reduce((sum, size) => sum + attachmentCost(size), 0);
        expect(used + attachmentCost(bytes)).toBeLessThanOrEqual(attachmentBudget(max));
        expect(used + attachmentCost(bytes + 3)).toBeGreaterThan(attachmentBudget(max));
      }
    }
    // About three quarters of the limit, as users are told.
    expect(largestFileThatFits(20 * MIB, []) / (20 * MIB)).toBeGreaterThan(0.7);
    expect(largestFileThatFits(PART_OVERHEAD_BYTES, [])).toBe(0);
  });
});

describe('send later in Paris time', () => {
  it('reads wall-clock times in winter and summer', () => {
    expect(new Date(parisTime('2026-01-15T08:30')!).toISOString()).toBe('2026-01-15T07:30:00.000Z');
    expect(new Date(parisTime('2026-07-15T08:30')!).toISOString()).toBe('2026-07-15T06:30:00.000Z');
    expect(parisInputValue(Date.parse('2026-07-15T06:30:00Z'))).toBe('2026-07-15T08:30');
  });

  it('refuses unreadable, past and too distant times', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parisTime('2026-02-30T08:00')).toBeNull();
    expect(parisTime('demain')).toBeNull();
    expect(scheduleAt('2026-03-01T12:00', now)).toEqual({ ok: false, error: expect.stringContaining('dans le futur') });
    expect(scheduleAt('2028-03-01T12:00', now)).toEqual({ ok: false, error: expect.stringContaining('plus d’un an') });
    expect(scheduleAt('2026-03-02T08:00', now)).toEqual({ ok: true, at: Date.parse('2026-03-02T07:00:00Z') });
  });
});

describe('draft info', () => {
  it('round-trips, and folds long values into chunks', () => {
    const info = { kind: 'reply' as const, format: 'html' as const, origin: { path: 'INBOX/Élèves', uidValidity: '1700000000', uid: 42, flag: '\\Answered' as const }, fields: { to: 'x'.repeat(3000), cc: 'jean@', bcc: '' } };
    const text = formatDraftInfo(info);
    expect(text.split(/\s+/).every((word) => word.length <= 80)).toBe(true);
    expect(parseDraftInfo(text)).toEqual(info);
  });

  it('ignores what it cannot read', () => {
    expect(parseDraftInfo('kind=evil; origin=%%%; format=svg')).toEqual({ kind: 'new', format: 'text', origin: null, fields: null });
    expect(parseDraftInfo(undefined).kind).toBe('new');
  });
});
