import { describe, expect, it } from 'vitest';
import { baseSubject } from '../../../src/web/mail-client/message-list.js';

describe('message list', () => {
  it('sorts subjects without reply and forward prefixes', () => {
    expect(baseSubject('RE: TR: Re[2]: Conseil')).toBe('Conseil');
  });
});
