/**
 * The STATUS response (RFC 3501 7.2.4), shared by STATUS and LIST's RETURN (STATUS (...))
 * (RFC 5819). Values are read from the store at the time of the command.
 */
import type { Mailbox, MailboxCounts } from '../store/mail-store.js';
import { ImapBad } from './errors.js';
import { wireMailboxName } from './mailbox-list.js';
import type { StatusItem } from './protocol/index.js';
import type { ImapSession } from './session.js';

/** Items the parser knows but whose extension we do not advertise (RFC 7889 APPENDLIMIT). */
const UNADVERTISED_ITEMS: ReadonlySet<StatusItem> = new Set<StatusItem>(['APPENDLIMIT']);

/** Refuses, before any output, items whose extension is not advertised. */
export function checkStatusItems(items: readonly StatusItem[]): void {
  const refused = items.find((item) => UNADVERTISED_ITEMS.has(item));
  if (refused) throw new ImapBad(`Élément de STATUS non pris en charge : ${refused}`);
}

/** `STATUS name (ITEM value ...)`, without the leading `* `; `mailbox` must be fresh from the store. */
export function statusResponse(session: ImapSession, mailbox: Mailbox, items: readonly StatusItem[]): string {
  const { store } = session.services;
  let cached: MailboxCounts | null = null;
  const counts = () => (cached ??= store.counts(mailbox.id));
  const values = items.map((item) => {
    switch (item) {
      case 'MESSAGES':
        return counts().messages;
      case 'RECENT':
        // RFC 3501 2.3.2: this session's own \Recent messages in its selected folder, and
        // elsewhere those no session has been given yet (they would be \Recent to the next).
        return session.selected?.mailbox.id === mailbox.id ? session.selected.recent.size : store.recentCount(mailbox.id);
      case 'UIDNEXT':
        return mailbox.uidNext;
      case 'UIDVALIDITY':
        return mailbox.uidValidity;
      case 'UNSEEN':
        return counts().unseen;
      case 'HIGHESTMODSEQ':
        return mailbox.highestModseq;
      case 'SIZE':
        // RFC 8438: the total size of the mailbox's messages, in octets.
        return counts().size;
      case 'DELETED':
        // RFC 9051 6.3.11: messages with \Deleted.
        return counts().deleted;
      case 'APPENDLIMIT':
        throw new ImapBad('APPENDLIMIT non pris en charge');
    }
  });
  const pairs = items.map((item, i) => `${item} ${values[i]}`).join(' ');
  return `STATUS ${wireMailboxName(mailbox.name)} (${pairs})`;
}
