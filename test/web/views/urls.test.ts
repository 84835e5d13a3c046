import { describe, expect, it } from 'vitest';
import { mailboxUrl, messageUrl } from '../../../src/web/views/urls.js';

describe('URLs', () => {
  it('builds folder URLs with one encoded path segment', () => {
    expect(mailboxUrl('Projets/Sortie été', { page: 2, sort: 'size', order: 'desc' })).toBe('/mailboxes/Projets%2FSortie%20%C3%A9t%C3%A9?page=2&sort=size&order=desc');
    expect(mailboxUrl('INBOX', { sort: 'date', order: 'desc' })).toBe('/mailboxes/INBOX');
    expect(messageUrl('INBOX', 7, { images: true })).toBe('/mailboxes/INBOX/messages/7?images=1');
  });
});
