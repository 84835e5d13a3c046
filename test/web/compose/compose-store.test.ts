import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPOSITION_MAX_IDLE_MS, ComposeStore, emptyFields, MAX_COMPOSITIONS_PER_ACCOUNT, SENT_KEEP_MS } from '../../../src/web/compose/compose-store.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let store: ComposeStore;

beforeEach(() => {
  temp = makeTempDir();
  store = new ComposeStore(path.join(temp.dir, 'compose'));
});
afterEach(() => temp.cleanup());

const open = (accountId = 1) => store.create(accountId, { kind: 'new', origin: null, inReplyTo: null, references: [], fields: emptyFields() });

describe('ComposeStore', () => {
  it('finds a composition only under its own account, and only by a well-formed id', () => {
    const state = open(1);
    expect(store.load(1, state.id)?.id).toBe(state.id);
    expect(store.load(2, state.id)).toBeNull();
    for (const bad of ['../1', '', 'x'.repeat(22) + '/..', null, 42]) expect(store.load(1, bad)).toBeNull();
  });

  it('keeps attachments in its folder and removes them on request', () => {
    const state = open();
    const temp = store.tempPath(state);
    fs.writeFileSync(temp, 'contenu');
    const attachment = store.adopt(state, temp, { filename: 'a.txt', contentType: 'text/plain', size: 7 });
    expect(fs.readFileSync(store.attachmentPath(state, attachment.id), 'utf8')).toBe('contenu');
    expect(store.removeAttachment(state, 'inexistant')).toBe(false);
    expect(store.removeAttachment(state, attachment.id)).toBe(true);
    expect(fs.existsSync(store.attachmentPath(state, attachment.id))).toBe(false);
  });

  it(`keeps at most ${MAX_COMPOSITIONS_PER_ACCOUNT} compositions per account, forgetting the oldest`, () => {
    const first = open();
    for (let i = 0; i < MAX_COMPOSITIONS_PER_ACCOUNT + 4; i++) open();
    expect(store.load(1, first.id)).toBeNull();
    expect(fs.readdirSync(path.join(store.root, '1'))).toHaveLength(MAX_COMPOSITIONS_PER_ACCOUNT);
  });

  it('forgets compositions idle for a week, and sent ones after their undo window', () => {
    const idle = open();
    const sent = open();
    sent.sent = { queueId: 1, sendAfter: Date.now(), scheduled: false, sentCopy: null, flagAdded: false, refused: [], back: 'INBOX' };
    store.save(sent);
    store.sweep(1, Date.now() + SENT_KEEP_MS + 1000);
    expect(store.load(1, sent.id)).toBeNull();
    expect(store.load(1, idle.id)).not.toBeNull();
    store.sweep(1, Date.now() + COMPOSITION_MAX_IDLE_MS + 1000);
    expect(store.load(1, idle.id)).toBeNull();
  });

  it('runs the work on one composition one at a time', async () => {
    const order: string[] = [];
    const slow = store.exclusive(1, 'a'.repeat(22), async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('first');
    });
    const fast = store.exclusive(1, 'a'.repeat(22), async () => {
      order.push('second');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['first', 'second']);
  });
});
