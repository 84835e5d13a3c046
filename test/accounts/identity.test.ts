import { describe, expect, it } from 'vitest';
import {
  addressStem,
  firstFreeName,
  isValidBirthDate,
  isValidNumen,
  loginStem,
  normalizeLoginInput,
  normalizeNumen,
} from '../../src/accounts/identity.js';

describe('académie identity rules', () => {
  it('builds the login from the first letter of the prénom and the whole nom, without accents', () => {
    expect(loginStem('Charlotte', 'Habotté')).toBe('chabotte');
    expect(loginStem('Émilie', 'Girard')).toBe('egirard');
    expect(loginStem('Jean-Pierre', 'Dupont')).toBe('jdupont');
  });

  it('keeps hyphens and removes spaces and apostrophes in the login', () => {
    expect(loginStem('Marie', 'Le-Dupond')).toBe('mle-dupond');
    expect(loginStem('Anne-Sophie', 'Le Gall')).toBe('alegall');
    expect(loginStem('Hélène', "N'Diaye")).toBe('hndiaye');
    expect(loginStem('Louis', 'D’Artagnan')).toBe('ldartagnan');
  });

  it('spells out ligatures', () => {
    expect(loginStem('Œdipe', 'Cœur')).toBe('ocoeur');
    expect(addressStem('Lætitia', 'Strauß')).toBe('laetitia.strauss');
  });

  it('builds the address as prenom.nom with compound names joined by hyphens', () => {
    expect(addressStem('Charlotte', 'Habotté')).toBe('charlotte.habotte');
    expect(addressStem('Jean Pierre', 'De La Tour')).toBe('jean-pierre.de-la-tour');
    expect(addressStem('Anne-Sophie', 'Le Gall')).toBe('anne-sophie.le-gall');
    expect(addressStem('Hélène', "N'Diaye")).toBe('helene.ndiaye');
  });

  it('gives homonyms a digit, the first keeping the plain name', () => {
    const taken = new Set<string>();
    const next = () => {
      const name = firstFreeName('chabotte', (candidate) => taken.has(candidate));
      taken.add(name);
      return name;
    };
    expect([next(), next(), next()]).toEqual(['chabotte', 'chabotte1', 'chabotte2']);
  });

  it('refuses a name without any letter', () => {
    expect(() => loginStem('', 'Habotté')).toThrow();
    expect(() => addressStem('Charlotte', "'-")).toThrow();
  });

  it('compares typed logins without case or accents', () => {
    expect(normalizeLoginInput('  Chabotté ')).toBe('chabotte');
    expect(normalizeLoginInput('CHARLOTTE.HABOTTE@AC-AIX-MARSEILLE.FR')).toBe('charlotte.habotte@ac-aix-marseille.fr');
  });

  it('validates the 13-character NUMEN, typed with spaces or lower case', () => {
    expect(isValidNumen('01E9501234ABC')).toBe(true);
    expect(isValidNumen('01 e 95 01234abc')).toBe(true);
    expect(normalizeNumen('01 e 95 01234abc')).toBe('01E9501234ABC');
    expect(isValidNumen('01E950123ABC')).toBe(false);
    expect(isValidNumen('01E95012345AB')).toBe(false);
    expect(isValidNumen('AAE9501234ABC')).toBe(false);
  });

  it('accepts only real calendar dates of birth', () => {
    expect(isValidBirthDate('1985-04-12')).toBe(true);
    expect(isValidBirthDate('1985-02-30')).toBe(false);
    expect(isValidBirthDate('12/04/1985')).toBe(false);
  });
});
