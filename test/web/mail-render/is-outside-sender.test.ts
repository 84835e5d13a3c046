import { describe, expect, it } from 'vitest';
import { isAcademicAddress, isOutsideSender } from '../../../src/web/mail-render/is-outside-sender.js';

describe('isAcademicAddress', () => {
  it.each([
    'jean.dupont@ac-paris.fr',
    'ce.0592770r@ac-lille.fr',
    'pierre.dupont12@ac-aix-marseille.fr',
    'ce.ia54-intentiongr@ac-nancy-metz.fr',
    'a.b@ac-caen.fr', // legacy Normandie domain
    'JEAN.DUPONT@AC-PARIS.FR',
    'ministre@education.gouv.fr',
    'dgesco@services.education.gouv.fr',
    '"a@evil.example"@ac-paris.fr', // a quoted local part may hold @: the domain is after the last one
  ])('accepts %s', (address) => {
    expect(isAcademicAddress(address)).toBe(true);
  });

  it.each([
    ['a lookalike with the academic domain as a prefix', 'x@ac-paris.fr.evil.example'],
    ['a lookalike with the academic domain as a suffix of a label', 'x@evil-ac-paris.fr'],
    ['a lookalike gluing ac- to another word', 'x@mac-paris.fr'],
    ['a subdomain of an académie', 'x@ecole.ac-paris.fr'],
    ['another top-level domain', 'x@ac-paris.com'],
    ['an empty académie name', 'x@ac-.fr'],
    ['a trailing hyphen', 'x@ac-paris-.fr'],
    ['a double hyphen', 'x@ac--paris.fr'],
    ['the ministry domain as a prefix', 'x@education.gouv.fr.evil.example'],
    ['the ministry domain glued to a word', 'x@evileducation.gouv.fr'],
    ['a Cyrillic а (homoglyph)', 'x@аc-paris.fr'],
    ['a Cyrillic е in the ministry domain', 'x@еducation.gouv.fr'],
    ['fullwidth letters', 'x@ａｃ-paris.fr'],
    ['a Kelvin sign that lowercases to k', 'x@ac-\u212Aid.fr'],
    ['a dotless ı', 'x@ac-parıs.fr'],
    ['punycode', 'x@xn--c-paris-1fg.fr'],
    ['a trailing dot', 'x@ac-paris.fr.'],
    ['an empty label', 'x@ac-paris..fr'],
    ['a display name form', 'Jean <jean@ac-paris.fr>'],
    ['two addresses', 'x@evil.example, y@ac-paris.fr'],
    ['a header fragment with a newline', 'x@evil.example\n@ac-paris.fr'],
    ['a space', 'x@evil.example @ac-paris.fr'],
    ['a NUL', 'x@evil.example\u0000@ac-paris.fr'],
    ['a zero-width space', 'x@ac-paris\u200b.fr'],
    ['no local part', '@ac-paris.fr'],
    ['no @', 'ac-paris.fr'],
    ['nothing', ''],
    ['a domain literal', 'x@[192.0.2.1]'],
    ['an over-long domain', `x@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.education.gouv.fr`],
  ])('refuses %s', (_name, address) => {
    expect(isAcademicAddress(address)).toBe(false);
  });
});

describe('isOutsideSender', () => {
  it('shows the banner for outside and missing senders, not for academic ones', () => {
    expect(isOutsideSender('jean.dupont@ac-paris.fr')).toBe(false);
    expect(isOutsideSender('x@gmail.example')).toBe(true);
    expect(isOutsideSender(null)).toBe(true);
    expect(isOutsideSender(undefined)).toBe(true);
  });
});
