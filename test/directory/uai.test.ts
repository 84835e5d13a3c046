import { describe, expect, it } from 'vitest';
import { functionalAddress, isValidUai, normalizeUai, uaiDepartement, uaiProblem, uaiWithCheckLetter } from '../../src/directory/uai.js';

describe('UAI', () => {
  it('accepts a UAI whose letter is its 7-digit number mod 23 in the alphabet without I, O, Q', () => {
    expect(isValidUai('0951099D')).toBe(true); // shared/domain.md §3.8's example
    expect(uaiWithCheckLetter('0951099')).toBe('0951099D');
    expect(uaiWithCheckLetter('0130000')).toBe('0130000' + 'ABCDEFGHJKLMNPRSTUVWXYZ'[130000 % 23]);
    // Remainders 8, 13 and 15 skip I, O and Q.
    const digits = ['0000008', '0000013', '0000015'];
    expect(digits.map(uaiWithCheckLetter)).toEqual(['0000008J', '0000013P', '0000015S']);
  });

  it('refuses a wrong check letter, saying which one was expected', () => {
    expect(isValidUai('0951099E')).toBe(false);
    expect(uaiProblem('0951099E')).toMatch(/0951099D attendu/);
  });

  it('refuses a wrong shape', () => {
    for (const bad of ['095109D', '09510990D', '0951099', 'A951099D', '0951099 D', '', '0951099Ø']) {
      expect(isValidUai(bad)).toBe(false);
      expect(uaiProblem(bad)).toMatch(/UAI invalide/);
    }
  });

  it('reads a lower-case UAI and stores it upper case', () => {
    expect(normalizeUai(' 0951099d ')).toBe('0951099D');
    expect(uaiProblem('0951099d')).toBeNull();
  });

  it('gives the département and the functional address in lower case', () => {
    expect(uaiDepartement('9740001H')).toBe('974');
    expect(functionalAddress('0131234W', 'ac-aix-marseille.fr')).toBe('ce.0131234w@ac-aix-marseille.fr');
  });
});
