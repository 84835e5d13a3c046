import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../../src/web/http/content-disposition.js';

describe('download names', () => {
  it('encodes download names per RFC 6266 / 8187 and strips paths and controls', () => {
    expect(contentDisposition('attachment', 'Relevé de notes.pdf')).toBe(`attachment; filename="Releve de notes.pdf"; filename*=UTF-8''Relev%C3%A9%20de%20notes.pdf`);
    expect(contentDisposition('attachment', '..\\..\\win.ini')).toMatch(/^attachment; filename="win\.ini"/);
    expect(contentDisposition('inline', 'a"b\r\nX-Evil: 1.png')).toBe(`inline; filename="a_b_X-Evil_ 1.png"; filename*=UTF-8''a_b_X-Evil_%201.png`);
    expect(contentDisposition('attachment', '...')).toMatch(/filename="piece-jointe"/);
  });
});
