import { describe, expect, it } from 'vitest';
import { decodeBodyText, unflow } from '../../src/mime/decode-text.js';

describe('body text', () => {
  it('unwraps format=flowed text (RFC 3676), with and without DelSp', () => {
    expect(unflow('Une ligne \ncoupée.\n> cité \n> suite\n-- \nSignature', false)).toBe('Une ligne coupée.\n> cité suite\n-- \nSignature');
    expect(unflow('mot-\u0020\ncoupé', true)).toBe('mot-coupé');
    expect(unflow(' From space-stuffed', false)).toBe('From space-stuffed');
  });

  it('decodes transfer encodings and charsets, unknown charsets as Windows-1252', () => {
    const part = { encoding: 'quoted-printable', charset: 'iso-8859-1', flowed: false, delsp: false };
    expect(decodeBodyText(Buffer.from('El=E8ve =3D ok'), part)).toBe('Elève = ok');
    expect(decodeBodyText(Buffer.from(Buffer.from('Été').toString('base64')), { ...part, encoding: 'base64', charset: 'utf-8' })).toBe('Été');
    expect(decodeBodyText(Buffer.from([0x80]), { ...part, encoding: '8bit', charset: 'x-inconnu' })).toBe('€');
  });
});
