/**
 * « Télécharger le dossier » as an mbox file (mboxrd, RFC 4155 and its quoting convention): a
 * `From ` separator line per message, line ends made LF, and every body line that starts with
 * `>*From ` gets one more `>` so readers can undo it. Messages are fetched in small batches and
 * written as they come, so a full folder never sits in memory twice.
 */
import type { Account } from '../../accounts/account-store.js';
import type { ImapPool } from './imap-pool.js';

/** Messages per FETCH while exporting: a few MB at most in flight. */
const EXPORT_BATCH = 20;

const asctime = (date: Date): string => {
  // RFC 4155 From line: `From sender Wed Jan  3 12:00:00 2024` (asctime, UTC).
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
};

export function mboxEntry(source: Buffer, sender: string, received: Date): Buffer {
  const envelope = /^[^\s@]+@[^\s@]+$/.test(sender) ? sender : 'MAILER-DAEMON';
  const body = source
    .toString('latin1')
    .replace(/\r\n/g, '\n')
    .replace(/^(>*From )/gm, '>$1');
  const ending = body.endsWith('\n') ? '\n' : '\n\n';
  return Buffer.from(`From ${envelope} ${asctime(received)}\n${body}${ending}`, 'latin1');
}

export function exportMbox(
  pool: ImapPool,
  account: Pick<Account, 'id' | 'login'>,
  path: string,
  write: (chunk: Buffer) => Promise<void>,
): Promise<number> {
  return pool.inMailbox(account, path, async (client, mailbox) => {
    if (mailbox.exists === 0) return 0;
    const found = await client.search({ all: true }, { uid: true });
    const uids = Array.isArray(found) ? found : [];
    let count = 0;
    for (let i = 0; i < uids.length; i += EXPORT_BATCH) {
      const batch = uids.slice(i, i + EXPORT_BATCH);
      const rows = await client.fetchAll(batch.join(','), { uid: true, source: true, envelope: true, internalDate: true }, { uid: true });
      rows.sort((a, b) => a.uid - b.uid);
      for (const row of rows) {
        if (!row.source) continue;
        const received = row.internalDate ? new Date(row.internalDate) : new Date();
        await write(mboxEntry(row.source, row.envelope?.from?.[0]?.address ?? '', received));
        count++;
      }
    }
    return count;
  });
}
