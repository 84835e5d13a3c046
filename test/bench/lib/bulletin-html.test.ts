import { describe, expect, it } from 'vitest';
import { messageBody } from '../../../src/bulletins/index.js';
import { bulletinHtml } from '../../../bench/lib/bulletin-html.js';

describe('the bench bulletin', () => {
  it('is HTML of the size asked, within a sentence, that the bulletin sanitiser keeps whole', () => {
    const html = bulletinHtml(20 * 1024, 'Lettre de rentrée');
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeLessThanOrEqual(20 * 1024);
    expect(bytes).toBeGreaterThan(20 * 1024 - 200);
    const body = messageBody({ format: 'html', source: html });
    expect(body.html).toContain('<table');
    expect(body.html).toContain('href="https://eduscol.education.fr/"');
    // Nothing it holds is dropped by the sanitiser.
    expect(Buffer.byteLength(body.html!)).toBeGreaterThan(bytes * 0.98);
  });
});
