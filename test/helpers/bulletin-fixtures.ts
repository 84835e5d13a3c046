/**
 * For the institutional mail pages' tests, over the annuaire fixtures: an admin and a union
 * account signed in, waiting for the server's PublicationRunner to deliver what a page
 * recorded, and reading a union message's unsubscribe token from a mailbox.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Publication } from '../../src/bulletins/index.js';
import { signInAs } from './strike-fixtures.js';
import type { WebClient, WebTest } from './web.js';

export const ADMIN = { prenom: 'Paul', nom: 'Roux', address: 'paul.roux@ac-test.fr' } as const;
export const UNION = { prenom: 'Syndicat', nom: 'SNTEST-13', address: 'syndicat.sntest-13@ac-test.fr' } as const;
export const UNION_NAME = `${UNION.prenom} ${UNION.nom}`;

export async function adminClient(t: WebTest): Promise<WebClient> {
  if (!t.webmel.services.accounts.byAddress(ADMIN.address)) t.webmel.addAccount({ ...ADMIN, role: 'admin' });
  return signInAs(t, ADMIN.address);
}

export async function unionClient(t: WebTest): Promise<WebClient> {
  if (!t.webmel.services.accounts.byAddress(UNION.address)) t.webmel.addAccount({ ...UNION, role: 'syndicat' });
  return signInAs(t, UNION.address);
}

/** The newest publication, once the runner (polling every 250 ms) has delivered it to everyone. */
export async function delivered(t: WebTest, id = t.webmel.services.bulletins.list()[0]?.id): Promise<Publication> {
  if (id === undefined) throw new Error('nothing was published');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const publication = t.webmel.services.bulletins.get(id)!;
    if (publication.status === 'done') return publication;
    if (Date.now() > deadline) throw new Error(`publication ${id} still ${publication.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A message of the INBOX as the webmail serves it (its .eml, read over IMAP): a union message
 * then carries the reader's own unsubscribe token, which the shared content of the store does not.
 */
export async function inboxMessage(t: WebTest, client: WebClient, address: string, subject: string): Promise<ParsedMail> {
  const { store, accounts } = t.webmel.services;
  const inbox = store.getMailbox(accounts.byAddress(address)!.id, 'INBOX');
  const row = store.messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid)).find((m) => m.subject === subject);
  if (!row) throw new Error(`no « ${subject} » in ${address}'s INBOX`);
  const source = await client.get(`/mailboxes/INBOX/messages/${row.uid}/source`);
  if (source.status !== 200) throw new Error(`source: ${source.status}`);
  return simpleParser(source.text);
}

/** The token of a union message's List-Unsubscribe link (RFC 2369). */
export function unsubscribeToken(mail: ParsedMail): string {
  const header = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
  const token = /\/desabonnement\/([A-Za-z0-9_-]+)>/.exec(header)?.[1];
  if (!token) throw new Error(`no unsubscribe link in ${header}`);
  return token;
}

/** The id a page's link to a publication carries (`/bulletins/N`). */
export function publicationIdIn(markup: string): number {
  const id = /href="\/bulletins\/(\d+)"/.exec(markup)?.[1];
  if (!id) throw new Error('no link to a publication');
  return Number(id);
}
