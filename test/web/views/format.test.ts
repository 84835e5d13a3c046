import { describe, expect, it } from 'vitest';
import { formatListDate, formatLongDate, formatSize } from '../../../src/web/views/format.js';

describe('French formatting', () => {
  it('writes dates and sizes as a French reader expects', () => {
    const now = new Date('2024-03-12T15:00:00Z');
    expect(formatListDate(new Date('2024-03-12T13:05:00Z'), now)).toBe('14:05');
    expect(formatListDate(new Date('2024-01-05T10:00:00Z'), now)).toBe('5 janv.');
    expect(formatListDate(new Date('2023-01-05T10:00:00Z'), now)).toBe('05/01/2023');
    expect(formatLongDate(new Date('2024-03-12T13:05:00Z'))).toBe('mardi 12 mars 2024 à 14:05');
    expect(formatSize(512)).toBe('512 o');
    expect(formatSize(1536)).toBe('1,5 ko');
    expect(formatSize(1.25 * 1024 * 1024)).toBe('1,3 Mo');
  });
});
