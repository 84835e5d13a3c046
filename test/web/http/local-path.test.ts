import { describe, expect, it } from 'vitest';
import { localPath } from '../../../src/web/http/local-path.js';

describe('return paths', () => {
  it('only sends the reader back to paths on this site', () => {
    expect(localPath('/mailboxes/INBOX?page=2', '/')).toBe('/mailboxes/INBOX?page=2');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/a\nb', '', 42]) {
      expect(localPath(bad, '/x')).toBe('/x');
    }
  });
});
