import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { analyseStructure, findPart, hasAttachments } from '../../../src/web/mail-client/message-structure.js';

const text = (part: string, type = 'text/plain', extra: Partial<MessageStructureObject> = {}): MessageStructureObject => ({
  part,
  type,
  parameters: { charset: 'utf-8' },
  encoding: 'quoted-printable',
  size: 100,
  ...extra,
});

describe('analyseStructure', () => {
  it('treats a single-part message as part 1 of body text', () => {
    const layout = analyseStructure({ type: 'text/plain', parameters: { charset: 'iso-8859-1', format: 'flowed', delsp: 'yes' }, encoding: '8bit', size: 10 });
    expect(layout.body).toEqual([{ part: '1', kind: 'plain', encoding: '8bit', charset: 'iso-8859-1', flowed: true, delsp: true, size: 10 }]);
    expect(layout.attachments).toEqual([]);
  });

  it('shows the HTML alternative and ignores the plain one', () => {
    const layout = analyseStructure({ type: 'multipart/alternative', childNodes: [text('1'), text('2', 'text/html')] });
    expect(layout.body.map((b) => [b.part, b.kind])).toEqual([['2', 'html']]);
  });

  it('falls back to the plain alternative when the richer one is not readable', () => {
    const layout = analyseStructure({ type: 'multipart/alternative', childNodes: [text('1'), { part: '2', type: 'text/calendar', size: 5 }] });
    expect(layout.body.map((b) => b.part)).toEqual(['1']);
  });

  it('takes the related root as body and its cid parts as resources, not attachments', () => {
    const layout = analyseStructure({
      type: 'multipart/mixed',
      childNodes: [
        {
          part: '1',
          type: 'multipart/related',
          childNodes: [
            { part: '1.1', type: 'multipart/alternative', childNodes: [text('1.1.1'), text('1.1.2', 'text/html')] },
            { part: '1.2', type: 'image/png', id: '<logo@ecole>', encoding: 'base64', size: 400, disposition: 'inline' },
          ],
        },
        { part: '2', type: 'application/pdf', encoding: 'base64', size: 4000, disposition: 'attachment', dispositionParameters: { filename: 'compte rendu.pdf' } },
      ],
    });
    expect(layout.body.map((b) => b.part)).toEqual(['1.1.2']);
    expect([...layout.related.keys()]).toEqual(['logo@ecole']);
    expect(layout.attachments.map((a) => [a.part, a.filename, a.size])).toEqual([['2', 'compte rendu.pdf', 3000]]);
    expect(findPart(layout, '1.2')?.contentType).toBe('image/png');
    expect(findPart(layout, '1.1.2')).toBeNull(); // body text is not downloadable as a part
  });

  it('counts a named text file, an attached message and an unnamed binary as attachments', () => {
    const root: MessageStructureObject = {
      type: 'multipart/mixed',
      childNodes: [
        text('1'),
        text('2', 'text/plain', { dispositionParameters: { filename: 'notes.txt' }, disposition: 'attachment' }),
        { part: '3', type: 'message/rfc822', size: 900, envelope: { subject: 'Transfert' } },
        { part: '4', type: 'application/octet-stream', size: 10 },
        { part: '5', type: 'image/svg+xml', size: 10, dispositionParameters: { filename: 'x.svg' } },
      ],
    };
    const layout = analyseStructure(root);
    expect(layout.body.map((b) => b.part)).toEqual(['1']);
    expect(layout.attachments.map((a) => a.filename)).toEqual(['notes.txt', 'Transfert.eml', 'piece-jointe-4.bin', 'x.svg']);
    expect(layout.attachments.find((a) => a.part === '5')!.previewable).toBe(false);
    expect(hasAttachments(root)).toBe(true);
    expect(hasAttachments(text('1'))).toBe(false);
  });

  it('stops at a bounded depth on hostile nesting', () => {
    let node: MessageStructureObject = text('1');
    for (let i = 0; i < 500; i++) node = { type: 'multipart/mixed', childNodes: [node] };
    expect(analyseStructure(node).body).toEqual([]);
  });
});
