import { describe, expect, it } from 'vitest';
import { parseSearch, toImapSearch } from '../../../src/web/mail-client/search.js';

describe('search criteria', () => {
  it('reads the form from the URL and builds the IMAP search', () => {
    const criteria = parseSearch({ q: ' cantine ', from: 'girard', since: '2024-03-01', before: '2024-02-30', attachment: '1', unread: 'on', folder: '*' });
    expect(criteria).toMatchObject({ folder: null, text: 'cantine', from: 'girard', since: '2024-03-01', before: '', attachment: true, unread: true });
    expect(toImapSearch(criteria)).toEqual({
      text: 'cantine',
      from: 'girard',
      since: new Date('2024-03-01T00:00:00Z'),
      seen: false,
      header: { 'content-type': 'multipart/mixed' },
    });
    expect(toImapSearch(parseSearch({}))).toEqual({ all: true });
    expect(parseSearch({ q: ['a', 'b'] }).text).toBe('');
  });
});
