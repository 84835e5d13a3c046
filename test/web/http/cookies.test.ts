import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from '../../../src/web/http/cookies.js';

describe('cookies', () => {
  it('parses and writes cookies', () => {
    expect(parseCookies('a=1; webmel_session="abc"; a=2')).toEqual(new Map([['a', '1'], ['webmel_session', 'abc']]));
    expect(serializeCookie('s', 'abc_-', { secure: true, sameSite: 'Lax' })).toBe('s=abc_-; Path=/; HttpOnly; SameSite=Lax; Secure');
    expect(() => serializeCookie('s', 'a;b', { secure: false, sameSite: 'Lax' })).toThrow();
  });
});
