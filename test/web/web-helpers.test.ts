import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/web/auth/password-rules.js';
import { parseCookies, serializeCookie } from '../../src/web/http/cookies.js';
import { contentDisposition } from '../../src/web/http/content-disposition.js';
import { localPath } from '../../src/web/http/local-path.js';
import { decodeBodyText, unflow } from '../../src/mime/decode-text.js';
import { mboxEntry } from '../../src/web/mail-client/mbox-export.js';
import { baseSubject } from '../../src/web/mail-client/message-list.js';
import { parseSearch, toImapSearch } from '../../src/web/mail-client/search.js';
import { parseBirthDate } from '../../src/web/routes/auth-routes.js';
import { formatListDate, formatLongDate, formatSize } from '../../src/web/views/format.js';
import { mailboxUrl, messageUrl } from '../../src/web/views/urls.js';

describe('password rules', () => {
  it('requires 12 characters with lower case, upper case, digit and symbol, and matching confirmation', () => {
    expect(passwordProblem('Tableau-Noir-2024!', 'Tableau-Noir-2024!')).toBeNull();
    expect(passwordProblem('Éléphant-rose-9', 'Éléphant-rose-9')).toBeNull();
    expect(passwordProblem('Court-1!', 'Court-1!')).toMatch(/trop court/);
    expect(passwordProblem('tableau-noir-2024!', 'tableau-noir-2024!')).toMatch(/majuscule/);
    expect(passwordProblem('TABLEAU-NOIR-2024!', 'TABLEAU-NOIR-2024!')).toMatch(/minuscule/);
    expect(passwordProblem('Tableau-Noir-Deux!', 'Tableau-Noir-Deux!')).toMatch(/chiffre/);
    expect(passwordProblem('TableauNoir2024', 'TableauNoir2024')).toMatch(/caractère spécial/);
    expect(passwordProblem('Tableau-Noir-2024!', 'Tableau-Noir-2025!')).toMatch(/différents/);
    // A NUMEN can never pass: no lower case.
    expect(passwordProblem('02G0512345ABC', '02G0512345ABC')).not.toBeNull();
  });
});

describe('HTTP helpers', () => {
  it('parses and writes cookies', () => {
    expect(parseCookies('a=1; webmel_session="abc"; a=2')).toEqual(new Map([['a', '1'], ['webmel_session', 'abc']]));
    expect(serializeCookie('s', 'abc_-', { secure: true, sameSite: 'Lax' })).toBe('s=abc_-; Path=/; HttpOnly; SameSite=Lax; Secure');
    expect(() => serializeCookie('s', 'a;b', { secure: false, sameSite: 'Lax' })).toThrow();
  });

  it('encodes download names per RFC 6266 / 8187 and strips paths and controls', () => {
    expect(contentDisposition('attachment', 'Relevé de notes.pdf')).toBe(`attachment; filename="Releve de notes.pdf"; filename*=UTF-8''Relev%C3%A9%20de%20notes.pdf`);
    expect(contentDisposition('attachment', '..\\..\\win.ini')).toMatch(/^attachment; filename="win\.ini"/);
    expect(contentDisposition('inline', 'a"b\r\nX-Evil: 1.png')).toBe(`inline; filename="a_b_X-Evil_ 1.png"; filename*=UTF-8''a_b_X-Evil_%201.png`);
    expect(contentDisposition('attachment', '...')).toMatch(/filename="piece-jointe"/);
  });

  it('only sends the reader back to paths on this site', () => {
    expect(localPath('/mailboxes/INBOX?page=2', '/')).toBe('/mailboxes/INBOX?page=2');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/a\nb', '', 42]) {
      expect(localPath(bad, '/x')).toBe('/x');
    }
  });

  it('reads dates of birth as typed in France', () => {
    expect(parseBirthDate('12/04/1985')).toBe('1985-04-12');
    expect(parseBirthDate('1/4/1985')).toBe('1985-04-01');
    expect(parseBirthDate('1985-04-12')).toBe('1985-04-12');
    expect(parseBirthDate('31/02/1985')).toBeNull();
    expect(parseBirthDate('hier')).toBeNull();
  });
});

describe('mail text', () => {
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

  it('writes mboxrd entries with LF line ends and quoted From lines', () => {
    const entry = mboxEntry(Buffer.from('Subject: a\r\n\r\nFrom here\r\n>From there\r\n'), 'a@ac-test.fr', new Date(Date.UTC(2024, 0, 3, 12, 0, 0))).toString();
    expect(entry).toBe('From a@ac-test.fr Wed Jan  3 12:00:00 2024\nSubject: a\n\n>From here\n>>From there\n\n');
    expect(mboxEntry(Buffer.from('x'), 'pas une adresse', new Date(0)).toString()).toMatch(/^From MAILER-DAEMON /);
  });

  it('sorts subjects without reply and forward prefixes', () => {
    expect(baseSubject('RE: TR: Re[2]: Conseil')).toBe('Conseil');
  });
});

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

  it('builds folder URLs with one encoded path segment', () => {
    expect(mailboxUrl('Projets/Sortie été', { page: 2, sort: 'size', order: 'desc' })).toBe('/mailboxes/Projets%2FSortie%20%C3%A9t%C3%A9?page=2&sort=size&order=desc');
    expect(mailboxUrl('INBOX', { sort: 'date', order: 'desc' })).toBe('/mailboxes/INBOX');
    expect(messageUrl('INBOX', 7, { images: true })).toBe('/mailboxes/INBOX/messages/7?images=1');
  });
});
