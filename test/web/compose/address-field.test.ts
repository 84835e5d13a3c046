import { describe, expect, it } from 'vitest';
import { formatAddressField, headerText, isValidAddress, MAX_FIELD_CHARS, parseAddressField } from '../../../src/web/compose/address-field.js';

describe('parseAddressField', () => {
  it('reads bare addresses, names, quoted names with commas, semicolons and groups, once each', () => {
    const result = parseAddressField('a@ac-test.fr; "Dupont, Jean" <jean.dupont@ac-test.fr>, Équipe: b@ac-test.fr, A@AC-TEST.FR;', 'À');
    expect(result).toEqual({
      ok: true,
      recipients: [
        { name: '', address: 'a@ac-test.fr' },
        { name: 'Dupont, Jean', address: 'jean.dupont@ac-test.fr' },
        { name: '', address: 'b@ac-test.fr' },
      ],
    });
  });

  it('accepts an empty field and stray separators', () => {
    expect(parseAddressField('  ', 'Cc')).toEqual({ ok: true, recipients: [] });
    expect(parseAddressField(', ,', 'Cc')).toEqual({ ok: true, recipients: [] });
  });

  it('names the field and the first faulty entry', () => {
    expect(parseAddressField('ok@ac-test.fr, jean@', 'Cc')).toEqual({ ok: false, error: expect.stringContaining('Adresse invalide dans le champ « Cc » : « jean@ »') });
    expect(parseAddressField('Jean Dupont', 'À')).toEqual({ ok: false, error: expect.stringContaining('« Jean Dupont »') });
  });

  it('refuses any control character: no header line can be smuggled in', () => {
    for (const value of ['a@b.fr\r\nBcc: c@d.fr', '"X\rY" <a@b.fr>', 'a@b.fr\n', 'a@b.fr\u0000', 'a@b.fr\u2028']) {
      expect(parseAddressField(value, 'À')).toEqual({ ok: false, error: expect.stringContaining('caractères interdits') });
    }
  });
});

describe('isValidAddress', () => {
  it('holds addresses to a strict shape', () => {
    for (const good of ['prenom.nom@ac-aix-marseille.fr', "o'brien+x@example.org", 'ce.0131234W@ac-test.fr']) expect(isValidAddress(good)).toBe(true);
    for (const bad of ['a@b', '@b.fr', 'a..b@c.fr', '.a@b.fr', 'a@-b.fr', 'a b@c.fr', 'a@b.fr>', `${'x'.repeat(65)}@b.fr`, 'é@b.fr']) expect(isValidAddress(bad)).toBe(false);
  });
});

describe('headerText and formatAddressField', () => {
  it('puts header text on one line', () => {
    expect(headerText('Bonjour\r\nBcc: x@y.fr\tfin  ', 100)).toBe('Bonjour Bcc: x@y.fr fin');
  });

  it('quotes names only when RFC 5322 needs it', () => {
    expect(formatAddressField([{ name: 'Hélène N’Diaye', address: 'h@x.fr' }, { name: 'Dupont, Jean "JD"', address: 'j@x.fr' }, { name: '', address: 'k@x.fr' }])).toBe(
      '"Hélène N’Diaye" <h@x.fr>, "Dupont, Jean \\"JD\\"" <j@x.fr>, k@x.fr',
    );
  });
});

describe('field limits', () => {
  it('refuses a field longer than MAX_FIELD_CHARS', () => {
    expect(parseAddressField('a@b.fr,'.repeat(MAX_FIELD_CHARS / 7 + 1), 'À')).toEqual({ ok: false, error: 'Le champ « À » est trop long.' });
  });
});
