import { describe, expect, it } from 'vitest';
import { MessageCache, type MessageHead } from '../../../src/web/mail-client/message-cache.js';

function head(uid: number, subject = `message ${uid}`): MessageHead {
  return {
    uid,
    subject,
    from: [],
    to: [],
    cc: [],
    replyTo: [],
    sentAt: null,
    receivedAt: null,
    size: 100,
    layout: { body: [], attachments: [], related: new Map() },
  };
}

describe('the account message cache', () => {
  it('keeps heads apart by folder, UIDVALIDITY and UID', () => {
    const cache = new MessageCache(10);
    cache.set('INBOX', 1n, head(5, 'inbox'));
    cache.set('Archives', 1n, head(5, 'archives'));
    cache.set('INBOX', 2n, head(5, 'inbox after UIDVALIDITY changed'));

    expect(cache.get('INBOX', 1n, 5)?.subject).toBe('inbox');
    expect(cache.get('Archives', 1n, 5)?.subject).toBe('archives');
    expect(cache.get('INBOX', 2n, 5)?.subject).toBe('inbox after UIDVALIDITY changed');
    expect(cache.get('INBOX', 1n, 6)).toBeUndefined();
    expect(cache.get('Envoyés', 1n, 5)).toBeUndefined();
    expect(cache.size).toBe(3);
  });

  it('replaces a head set again without counting it twice', () => {
    const cache = new MessageCache(10);
    cache.set('INBOX', 1n, head(1, 'first'));
    cache.set('INBOX', 1n, head(1, 'second'));
    expect(cache.get('INBOX', 1n, 1)?.subject).toBe('second');
    expect(cache.size).toBe(1);
  });

  it('lets the least recently used heads go first, a tenth at a time, whatever their folder', () => {
    const cache = new MessageCache(20);
    for (let uid = 1; uid <= 10; uid++) cache.set('INBOX', 1n, head(uid));
    for (let uid = 1; uid <= 10; uid++) cache.set('Archives', 1n, head(uid));
    // Read again: INBOX 1-3 are now more recent than everything in Archives.
    for (let uid = 1; uid <= 3; uid++) cache.get('INBOX', 1n, uid);

    cache.set('Archives', 1n, head(11));

    // 21 heads for 20 places: down to 18, the three least recently used gone (INBOX 4, 5, 6).
    expect(cache.size).toBe(18);
    for (const uid of [4, 5, 6]) expect(cache.get('INBOX', 1n, uid)).toBeUndefined();
    for (const uid of [1, 2, 3, 7, 8, 9, 10]) expect(cache.get('INBOX', 1n, uid)?.uid).toBe(uid);
    for (let uid = 1; uid <= 11; uid++) expect(cache.get('Archives', 1n, uid)?.uid).toBe(uid);
  });

  it('forgets a folder emptied by eviction and can fill it again', () => {
    const cache = new MessageCache(10);
    cache.set('Old', 7n, head(1));
    for (let uid = 1; uid <= 10; uid++) cache.set('INBOX', 1n, head(uid));
    expect(cache.get('Old', 7n, 1)).toBeUndefined();
    cache.set('Old', 7n, head(2));
    expect(cache.get('Old', 7n, 2)?.uid).toBe(2);
    expect(cache.size).toBeLessThanOrEqual(10);
  });

  it('never holds more than its capacity', () => {
    const cache = new MessageCache(50);
    for (let uid = 1; uid <= 1000; uid++) {
      cache.set(uid % 3 === 0 ? 'Archives' : 'INBOX', 1n, head(uid));
      expect(cache.size).toBeLessThanOrEqual(50);
    }
    // The most recent heads are the ones kept.
    expect(cache.get('INBOX', 1n, 1000)?.uid).toBe(1000);
    expect(cache.get('Archives', 1n, 999)?.uid).toBe(999);
    expect(cache.get('INBOX', 1n, 1)).toBeUndefined();
  });
});
