// STATUS (RFC 3501 6.3.10) with HIGHESTMODSEQ (RFC 7162), SIZE (RFC 8438) and DELETED (RFC 9051).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/accounts/account-store.js';
import { INBOX } from '../../../src/store/mail-store.js';
import { imapClient, RawImap, useImapTestBed } from '../../helpers/imap.js';
import type { TestWebmel } from '../../helpers/webmel.js';

const bed = useImapTestBed();
const { clients, raws } = bed;
let webmel: TestWebmel;
let charlotte: Account;
let numen: string;
beforeEach(() => {
  ({ webmel, charlotte, numen } = bed);
});
/** A raw session, logged in. */
const raw = (port?: number) => bed.raw(port);

/** Delivers a message and returns its size as stored. */
function deliver(subject: string): number {
  const message = `From: dpe@ac-paris.fr\r\nTo: ${charlotte.address}\r\nSubject: ${subject}\r\n\r\nCorps.\r\n`;
  webmel.services.delivery.deliver(Buffer.from(message), 'dpe@ac-paris.fr', [charlotte]);
  const { store } = webmel.services;
  const inbox = store.getMailbox(charlotte.id, INBOX);
  return store.messagesByUids(inbox.id, [inbox.uidNext - 1])[0]!.size;
}

function flag(uid: number, bits: number): void {
  const { store } = webmel.services;
  store.storeFlags(store.getMailbox(charlotte.id, INBOX).id, [uid], 'add', bits, []);
}

describe('STATUS', () => {
  it('answers imapflow with counts, UIDs and HIGHESTMODSEQ', async () => {
    deliver('un');
    deliver('deux');
    flag(1, 1); // \Seen
    const client = await imapClient(webmel.ports.imap, 'chabotte', numen);
    clients.push(client);
    const status = await client.status(INBOX, { messages: true, uidNext: true, uidValidity: true, unseen: true, highestModseq: true });
    const inbox = webmel.services.store.getMailbox(charlotte.id, INBOX);
    expect(status).toMatchObject({
      path: INBOX,
      messages: 2,
      uidNext: 3,
      unseen: 1,
      uidValidity: BigInt(inbox.uidValidity),
      highestModseq: BigInt(inbox.highestModseq),
    });
  });

  it('answers every item in the order asked, SIZE in octets and DELETED', async () => {
    const size = deliver('un') + deliver('deux') + deliver('trois');
    flag(1, 1); // \Seen
    flag(2, 8); // \Deleted
    const inbox = webmel.services.store.getMailbox(charlotte.id, INBOX);
    const imap = await raw();
    expect(await imap.command('a1 STATUS INBOX (UIDNEXT MESSAGES UNSEEN UIDVALIDITY HIGHESTMODSEQ SIZE DELETED)')).toEqual([
      `* STATUS "INBOX" (UIDNEXT 4 MESSAGES 3 UNSEEN 2 UIDVALIDITY ${inbox.uidValidity} HIGHESTMODSEQ ${inbox.highestModseq} SIZE ${size} DELETED 1)`,
      expect.stringMatching(/^a1 OK/),
    ]);
  });

  it('names international folders in modified UTF-7', async () => {
    webmel.services.store.createMailbox(charlotte.id, 'Dossier é');
    const imap = await raw();
    expect((await imap.command('a1 STATUS "Dossier &AOk-" (MESSAGES)'))[0]).toBe('* STATUS "Dossier &AOk-" (MESSAGES 0)');
    expect((await imap.command('a2 STATUS "Envoy&AOk-s" (MESSAGES)'))[0]).toBe('* STATUS "Envoy&AOk-s" (MESSAGES 0)');
  });

  it('counts \\Recent for the folder this session selected', async () => {
    deliver('un');
    const imap = await raw();
    await imap.command('s1 SELECT INBOX');
    expect((await imap.command('a1 STATUS INBOX (RECENT MESSAGES)'))[0]).toBe('* STATUS "INBOX" (RECENT 1 MESSAGES 1)');
  });

  it('sees what other sessions and deliveries changed', async () => {
    const imap = await raw();
    expect((await imap.command('a1 STATUS INBOX (MESSAGES)'))[0]).toBe('* STATUS "INBOX" (MESSAGES 0)');
    deliver('un');
    expect((await imap.command('a2 STATUS INBOX (MESSAGES UIDNEXT)'))[0]).toBe('* STATUS "INBOX" (MESSAGES 1 UIDNEXT 2)');
  });

  it('enables CONDSTORE when HIGHESTMODSEQ is asked with a folder selected', async () => {
    const imap = await raw();
    await imap.command('s1 SELECT INBOX');
    const { highestModseq } = webmel.services.store.getMailbox(charlotte.id, INBOX);
    const lines = await imap.command('a1 STATUS Corbeille (HIGHESTMODSEQ)');
    expect(lines[0]).toMatch(new RegExp(`^\\* OK \\[HIGHESTMODSEQ ${highestModseq}\\] `));
    expect(lines[1]).toMatch(/^\* STATUS "Corbeille" \(HIGHESTMODSEQ \d+\)$/);
    // Only the first enabling command says so.
    expect(await imap.command('a2 STATUS Corbeille (HIGHESTMODSEQ)')).toHaveLength(2);
  });

  it('refuses unknown folders with NO [NONEXISTENT], bad items with BAD, and before login', async () => {
    const anonymous = await RawImap.connect(webmel.ports.imap);
    raws.push(anonymous);
    expect((await anonymous.command('a0 STATUS INBOX (MESSAGES)')).at(-1)).toMatch(/^a0 BAD /);
    const imap = await raw();
    expect(await imap.command('a1 STATUS Nulle-part (MESSAGES)')).toEqual([expect.stringMatching(/^a1 NO \[NONEXISTENT\] /)]);
    expect(await imap.command('a2 STATUS INBOX (FOO)')).toEqual([expect.stringMatching(/^a2 BAD /)]);
    expect(await imap.command('a3 STATUS INBOX ()')).toEqual([expect.stringMatching(/^a3 BAD /)]);
    expect(await imap.command('a4 STATUS INBOX (APPENDLIMIT)')).toEqual([expect.stringMatching(/^a4 BAD /)]);
    expect(await imap.command('a5 STATUS INBOX')).toEqual([expect.stringMatching(/^a5 BAD /)]);
  });
});
