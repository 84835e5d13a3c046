/** Messages for the IMAP message-command tests, and a way to put them in a folder. */
import type { ImapFlow } from 'imapflow';
import type { Account } from '../../src/accounts/account-store.js';
import type { Config } from '../../src/config.js';
import { parseFlags } from '../../src/store/flags.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { imapClient, RawImap } from './imap.js';
import { startTestWebmel, testNumen, type TestWebmel } from './webmel.js';

export interface SimpleMessage {
  from?: string;
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  date?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  body?: string;
  headers?: string[];
}

/** A text/plain message with CRLF line endings. */
export function textMessage(m: SimpleMessage = {}): Buffer {
  const lines = [
    `From: ${m.from ?? 'Jean Dupont <jean.dupont@ac-aix-marseille.fr>'}`,
    `To: ${m.to ?? 'Charlotte Habotté <charlotte.habotte@ac-aix-marseille.fr>'}`,
  ];
  if (m.cc) lines.push(`Cc: ${m.cc}`);
  if (m.bcc) lines.push(`Bcc: ${m.bcc}`);
  lines.push(`Subject: ${m.subject ?? 'Bonjour'}`);
  lines.push(`Date: ${m.date ?? 'Mon, 3 Feb 2025 10:00:00 +0100'}`);
  if (m.messageId !== undefined) lines.push(`Message-ID: ${m.messageId}`);
  if (m.inReplyTo) lines.push(`In-Reply-To: ${m.inReplyTo}`);
  if (m.references) lines.push(`References: ${m.references}`);
  lines.push(...(m.headers ?? []));
  lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${m.body ?? 'Bonjour,\r\nÀ demain.\r\n'}`, 'utf8');
}

/** multipart/mixed: a multipart/alternative (text + html) and a PDF attachment. */
export function multipartMessage(subject = 'Compte rendu'): Buffer {
  const text = [
    'From: Marc Lefèvre <marc.lefevre@ac-aix-marseille.fr>',
    'To: charlotte.habotte@ac-aix-marseille.fr',
    `Subject: ${subject}`,
    'Date: Tue, 4 Feb 2025 09:30:00 +0100',
    'Message-ID: <multi-1@ac-aix-marseille.fr>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed"',
    '',
    'This is a multi-part message in MIME format.',
    '--mixed',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Voici le compte rendu du conseil d’école.',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Voici le <b>compte rendu</b> du conseil d’école.</p>',
    '--alt--',
    '',
    '--mixed',
    'Content-Type: application/pdf; name="cr.pdf"',
    'Content-Disposition: attachment; filename="cr.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==',
    '--mixed--',
    '',
  ];
  return Buffer.from(text.join('\r\n'), 'utf8');
}

/** Stores `raw` in an account's folder directly through the store (no quota), returns its UID. */
export function putMessage(
  webmel: TestWebmel,
  accountId: number,
  raw: Buffer,
  options: { mailbox?: string; flags?: string[]; internalDate?: Date } = {},
): number {
  const { store } = webmel.services;
  const mailbox = store.getMailbox(accountId, options.mailbox ?? 'INBOX');
  const flags = parseFlags(options.flags ?? []);
  return store.append({
    accountId,
    mailboxId: mailbox.id,
    message: prepareMessage(raw),
    flags: flags.bits,
    keywords: flags.keywords,
    internalDate: options.internalDate?.getTime(),
    limitBytes: null,
  }).uid;
}

/**
 * One test's Webmel with Charlotte's account, and the IMAP connections it opened (closed by
 * `stop()`): imapflow clients and logged-in raw sessions.
 */
export class MessageTestbed {
  readonly clients: ImapFlow[] = [];
  readonly raws: RawImap[] = [];

  private constructor(
    readonly webmel: TestWebmel,
    readonly account: Account,
    readonly password: string,
  ) {}

  static async start(overrides: Partial<Config> = {}): Promise<MessageTestbed> {
    const webmel = await startTestWebmel(overrides);
    const password = testNumen();
    const account = webmel.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen: password });
    return new MessageTestbed(webmel, account, password);
  }

  /** An imapflow client, logged in. */
  async client(): Promise<ImapFlow> {
    const client = await imapClient(this.webmel.ports.imap, 'chabotte', this.password);
    this.clients.push(client);
    return client;
  }

  /** A raw session, logged in, with `mailbox` selected when given. */
  async raw(mailbox?: string): Promise<RawImap> {
    const imap = await RawImap.connect(this.webmel.ports.imap);
    this.raws.push(imap);
    const login = await imap.command(`l1 LOGIN chabotte ${this.password}`);
    if (!login.at(-1)?.startsWith('l1 OK')) throw new Error(`login failed: ${login.join(' | ')}`);
    if (mailbox !== undefined) {
      const select = await imap.command(`l2 SELECT ${mailbox}`);
      if (!select.at(-1)?.startsWith('l2 OK')) throw new Error(`select failed: ${select.join(' | ')}`);
    }
    return imap;
  }

  /** Stores a message in one of Charlotte's folders (through the store, no quota), returns its UID. */
  put(raw: Buffer, options: { mailbox?: string; flags?: string[]; internalDate?: Date } = {}): number {
    return putMessage(this.webmel, this.account.id, raw, options);
  }

  mailbox(name = 'INBOX') {
    return this.webmel.services.store.getMailbox(this.account.id, name);
  }

  async stop(): Promise<void> {
    for (const client of this.clients.splice(0)) await client.logout().catch(() => undefined);
    for (const raw of this.raws.splice(0)) raw.close();
    await this.webmel.stop();
  }
}

/** RawImap reads bytes as latin1: what a UTF-8 text looks like there. */
export function wire(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** A message/rfc822 part forwarded inside a multipart/mixed (for HEADER / TEXT of a part). */
export function forwardMessage(): Buffer {
  const inner = [
    'From: Directeur <directeur@ac-aix-marseille.fr>',
    'To: equipe@ac-aix-marseille.fr',
    'Subject: Sortie au musée',
    'Date: Mon, 3 Feb 2025 08:00:00 +0100',
    'Message-ID: <inner-1@ac-aix-marseille.fr>',
    '',
    'La sortie est confirmée.',
    '',
  ].join('\r\n');
  const outer = [
    'From: Jean Dupont <jean.dupont@ac-aix-marseille.fr>',
    'To: charlotte.habotte@ac-aix-marseille.fr',
    'Subject: Fwd: Sortie au musée',
    'Date: Mon, 3 Feb 2025 12:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="fw"',
    '',
    '--fw',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Pour information.',
    '--fw',
    'Content-Type: message/rfc822',
    '',
    inner,
    '--fw--',
    '',
  ].join('\r\n');
  return Buffer.from(outer, 'utf8');
}

/** Stores many messages in one transaction (one fsync), returns their UIDs. */
export function putMany(testbed: MessageTestbed, raws: readonly Buffer[], mailbox = 'INBOX'): number[] {
  return testbed.webmel.services.store.write(() => raws.map((raw) => testbed.put(raw, { mailbox })));
}

/** imapflow answers `false` for a message it could not fetch: fail the test there. */
export function found<T>(value: T | false | undefined | null): T {
  if (value === false || value === undefined || value === null) throw new Error('not found');
  return value;
}
