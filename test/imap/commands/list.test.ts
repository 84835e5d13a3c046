// LIST and its extensions: SPECIAL-USE (RFC 6154), CHILDREN (RFC 3348), LIST-EXTENDED
// (RFC 5258), LIST-STATUS (RFC 5819), modified UTF-7 names, with imapflow and a raw socket.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/accounts/account-store.js';
import { INBOX } from '../../../src/store/mail-store.js';
import { useImapTestBed } from '../../helpers/imap.js';
import type { TestWebmel } from '../../helpers/webmel.js';

const bed = useImapTestBed();
let webmel: TestWebmel;
let charlotte: Account;
beforeEach(() => {
  ({ webmel, charlotte } = bed);
});
const connect = () => bed.connect();
/** A raw session, logged in. */
const raw = (port?: number) => bed.raw(port);

function deliver(subject: string, account = charlotte): void {
  const message = `From: dpe@ac-paris.fr\r\nTo: ${account.address}\r\nSubject: ${subject}\r\n\r\nCorps.\r\n`;
  webmel.services.delivery.deliver(Buffer.from(message), 'dpe@ac-paris.fr', [account]);
}

/** Untagged lines of a reply, without the tagged one (which must be OK). */
function untagged(lines: string[]): string[] {
  expect(lines.at(-1)).toMatch(/^\S+ OK /);
  return lines.slice(0, -1);
}

const DEFAULT_LIST = [
  '* LIST (\\HasNoChildren) "/" "INBOX"',
  '* LIST (\\HasNoChildren \\Archive) "/" "Archives"',
  '* LIST (\\HasNoChildren \\Drafts) "/" "Brouillons"',
  '* LIST (\\HasNoChildren \\Trash) "/" "Corbeille"',
  '* LIST (\\HasNoChildren \\Sent) "/" "Envoy&AOk-s"',
  '* LIST (\\HasNoChildren \\Junk) "/" "Ind&AOk-sirables"',
];

describe('LIST', () => {
  it('lists the default folders with their special use to imapflow, names decoded', async () => {
    const client = await connect();
    const entries = await client.list();
    const byPath = new Map(entries.map((entry) => [entry.path, entry]));
    expect([...byPath.keys()].sort()).toEqual(['Archives', 'Brouillons', 'Corbeille', 'Envoyés', 'INBOX', 'Indésirables']);
    expect(byPath.get('Envoyés')).toMatchObject({ specialUse: '\\Sent', specialUseSource: 'extension', delimiter: '/' });
    expect(byPath.get('Brouillons')).toMatchObject({ specialUse: '\\Drafts', specialUseSource: 'extension' });
    expect(byPath.get('Corbeille')).toMatchObject({ specialUse: '\\Trash', specialUseSource: 'extension' });
    expect(byPath.get('Indésirables')).toMatchObject({ specialUse: '\\Junk', specialUseSource: 'extension' });
    expect(byPath.get('Archives')).toMatchObject({ specialUse: '\\Archive', specialUseSource: 'extension' });
    expect(byPath.get(INBOX)).toMatchObject({ specialUse: '\\Inbox', subscribed: true });
  });

  it('gives imapflow message and unread counts in the same LIST (LIST-STATUS)', async () => {
    deliver('un');
    deliver('deux');
    const { store } = webmel.services;
    store.storeFlags(store.getMailbox(charlotte.id, INBOX).id, [1], 'add', 1, []);
    const client = await connect();
    const commands: string[] = [];
    // Every command imapflow writes goes through `write`: see that it sends one LIST, no STATUS.
    const connection = client as unknown as { write(chunk: unknown): unknown };
    const write = connection.write.bind(client);
    connection.write = (chunk: unknown) => {
      commands.push(String(chunk));
      return write(chunk);
    };
    const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
    expect(entries.find((entry) => entry.path === INBOX)?.status).toMatchObject({ messages: 2, unseen: 1 });
    expect(entries.find((entry) => entry.path === 'Corbeille')?.status).toMatchObject({ messages: 0, unseen: 0 });
    expect(commands.filter((c) => / LIST /.test(c))).toEqual([
      expect.stringContaining('LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN) SPECIAL-USE CHILDREN SUBSCRIBED)'),
    ]);
    expect(commands.filter((c) => / (STATUS|LSUB) /.test(c) && !/ LIST /.test(c))).toEqual([]);
  });

  it('answers LIST "" "" with the delimiter and the empty root', async () => {
    const imap = await raw();
    expect(untagged(await imap.command('a1 LIST "" ""'))).toEqual(['* LIST (\\Noselect) "/" ""']);
  });

  it('lists every folder for *, INBOX first, names in modified UTF-7', async () => {
    webmel.services.store.createMailbox(charlotte.id, 'Dossier é');
    const imap = await raw();
    expect(untagged(await imap.command('a1 LIST "" "*"'))).toEqual([
      DEFAULT_LIST[0],
      DEFAULT_LIST[1],
      DEFAULT_LIST[2],
      DEFAULT_LIST[3],
      '* LIST (\\HasNoChildren) "/" "Dossier &AOk-"',
      DEFAULT_LIST[4],
      DEFAULT_LIST[5],
    ]);
  });

  it('matches patterns given in modified UTF-7, and INBOX in any case', async () => {
    webmel.services.store.createMailbox(charlotte.id, 'Dossier é');
    const imap = await raw();
    expect(untagged(await imap.command('a1 LIST "" "Dossier &AOk-"'))).toEqual(['* LIST (\\HasNoChildren) "/" "Dossier &AOk-"']);
    expect(untagged(await imap.command('a2 LIST "" "D*&AOk-"'))).toEqual(['* LIST (\\HasNoChildren) "/" "Dossier &AOk-"']);
    expect(untagged(await imap.command('a3 LIST "" inbox'))).toEqual([DEFAULT_LIST[0]]);
    expect(untagged(await imap.command('a4 LIST "" "Nulle-part"'))).toEqual([]);
    // A name that is not modified UTF-7 is well formed, but names nothing: NO, not BAD.
    expect((await imap.command('a5 LIST "" "Dossier &AOk"')).at(-1)).toMatch(/^a5 NO /);
    for (const [tag, command] of [['a6', 'SELECT "&AOk"'], ['a7', 'CREATE "a&AGE-"'], ['a8', 'STATUS "&Jjo" (MESSAGES)']]) {
      expect((await imap.command(`${tag} ${command}`)).at(-1)).toMatch(new RegExp(`^${tag} NO `));
    }
  });

  it('follows the hierarchy: % stops at /, implied parents are \\Noselect, \\HasChildren', async () => {
    const { store } = webmel.services;
    store.createMailbox(charlotte.id, 'Cours');
    store.createMailbox(charlotte.id, 'Cours/Maths');
    store.createMailbox(charlotte.id, 'Cours/Maths/2024');
    store.createMailbox(charlotte.id, 'Projets/Voyage');
    const imap = await raw();
    expect(untagged(await imap.command('a1 LIST "" "%"'))).toEqual([
      ...DEFAULT_LIST.slice(0, 4),
      '* LIST (\\HasChildren) "/" "Cours"',
      ...DEFAULT_LIST.slice(4),
      '* LIST (\\Noselect \\HasChildren) "/" "Projets"',
    ]);
    expect(untagged(await imap.command('a2 LIST "Cours/" "%"'))).toEqual(['* LIST (\\HasChildren) "/" "Cours/Maths"']);
    expect(untagged(await imap.command('a3 LIST "" "Cours/*"'))).toEqual([
      '* LIST (\\HasChildren) "/" "Cours/Maths"',
      '* LIST (\\HasNoChildren) "/" "Cours/Maths/2024"',
    ]);
    // Extended LIST: a parent that does not exist is \NonExistent (RFC 5258 3).
    expect(untagged(await imap.command('a4 LIST "" "Projets" RETURN (CHILDREN)'))).toEqual([
      '* LIST (\\NonExistent \\HasChildren) "/" "Projets"',
    ]);
    const client = await connect();
    const projets = (await client.list()).find((entry) => entry.path === 'Projets');
    expect(projets?.flags.has('\\Noselect')).toBe(true);
  });

  it('answers the LIST-EXTENDED command imapflow sends, STATUS after each LIST', async () => {
    deliver('un');
    webmel.services.store.setSubscribed(charlotte.id, 'Archives', false);
    const imap = await raw();
    const lines = untagged(await imap.command('a1 LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN) SPECIAL-USE CHILDREN SUBSCRIBED)'));
    expect(lines).toEqual([
      '* LIST (\\HasNoChildren \\Subscribed) "/" "INBOX"',
      '* STATUS "INBOX" (MESSAGES 1 UNSEEN 1)',
      '* LIST (\\HasNoChildren \\Archive) "/" "Archives"',
      '* STATUS "Archives" (MESSAGES 0 UNSEEN 0)',
      '* LIST (\\HasNoChildren \\Drafts \\Subscribed) "/" "Brouillons"',
      '* STATUS "Brouillons" (MESSAGES 0 UNSEEN 0)',
      '* LIST (\\HasNoChildren \\Trash \\Subscribed) "/" "Corbeille"',
      '* STATUS "Corbeille" (MESSAGES 0 UNSEEN 0)',
      '* LIST (\\HasNoChildren \\Sent \\Subscribed) "/" "Envoy&AOk-s"',
      '* STATUS "Envoy&AOk-s" (MESSAGES 0 UNSEEN 0)',
      '* LIST (\\HasNoChildren \\Junk \\Subscribed) "/" "Ind&AOk-sirables"',
      '* STATUS "Ind&AOk-sirables" (MESSAGES 0 UNSEEN 0)',
    ]);
    const short = untagged(await imap.command('a2 LIST "" "INBOX" RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))'));
    expect(short).toEqual(['* LIST (\\HasNoChildren) "/" "INBOX"', '* STATUS "INBOX" (MESSAGES 1 UNSEEN 1)']);
  });

  it('sends no STATUS for a folder that does not exist', async () => {
    webmel.services.store.createMailbox(charlotte.id, 'Projets/Voyage');
    const imap = await raw();
    expect(untagged(await imap.command('a1 LIST "" "Projets*" RETURN (STATUS (MESSAGES))'))).toEqual([
      '* LIST (\\NonExistent \\HasChildren) "/" "Projets"',
      '* LIST (\\HasNoChildren) "/" "Projets/Voyage"',
      '* STATUS "Projets/Voyage" (MESSAGES 0)',
    ]);
  });

  it('selects subscribed or special-use folders, with CHILDINFO under RECURSIVEMATCH', async () => {
    const { store } = webmel.services;
    store.createMailbox(charlotte.id, 'Cours');
    store.createMailbox(charlotte.id, 'Cours/Maths');
    store.setSubscribed(charlotte.id, 'Cours/Maths', true);
    store.setSubscribed(charlotte.id, 'Archives', false);
    const imap = await raw();
    const subscribed = untagged(await imap.command('a1 LIST (SUBSCRIBED) "" "*"'));
    expect(subscribed).toContain('* LIST (\\HasNoChildren \\Subscribed) "/" "Cours/Maths"');
    expect(subscribed.some((l) => l.endsWith('"Cours"') || l.endsWith('"Archives"'))).toBe(false);
    // RFC 5258 3.5: Cours is not subscribed, but a child outside the pattern is.
    expect(untagged(await imap.command('a2 LIST (SUBSCRIBED RECURSIVEMATCH) "" "Cours"'))).toEqual([
      '* LIST (\\HasChildren) "/" "Cours" ("CHILDINFO" ("SUBSCRIBED"))',
    ]);
    expect(untagged(await imap.command('a3 LIST (SPECIAL-USE) "" "*"'))).toEqual(DEFAULT_LIST.slice(1));
  });

  it('takes several patterns in one extended LIST', async () => {
    const imap = await raw();
    expect(untagged(await imap.command('a1 LIST "" (INBOX "Corb*")'))).toEqual([DEFAULT_LIST[0], DEFAULT_LIST[3]]);
  });

  it('answers BAD to unknown options and unadvertised STATUS items, before any LIST line', async () => {
    const imap = await raw();
    expect(await imap.command('a1 LIST "" "*" RETURN (FOO)')).toEqual([expect.stringMatching(/^a1 BAD /)]);
    expect(await imap.command('a2 LIST (RECURSIVEMATCH) "" "*"')).toEqual([expect.stringMatching(/^a2 BAD /)]);
    expect(await imap.command('a3 LIST "" "*" RETURN (STATUS (APPENDLIMIT))')).toEqual([expect.stringMatching(/^a3 BAD /)]);
    expect(await imap.command('a4 LIST ""')).toEqual([expect.stringMatching(/^a4 BAD /)]);
  });

  it("never lists another account's folders", async () => {
    const marc = webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre' });
    webmel.services.store.createMailbox(marc.id, 'Secret-Marc');
    const imap = await raw();
    const lines = await imap.command('a1 LIST "" "*"');
    expect(lines.join('\n')).not.toContain('Secret-Marc');
    expect((await imap.command('a2 SELECT Secret-Marc')).at(-1)).toMatch(/^a2 NO \[NONEXISTENT\]/);
    expect((await imap.command('a3 STATUS Secret-Marc (MESSAGES)')).at(-1)).toMatch(/^a3 NO \[NONEXISTENT\]/);
  });
});
