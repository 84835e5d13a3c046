/**
 * QUOTA (RFC 9208) with the STORAGE resource: one quota root per account, named QUOTA_ROOT,
 * covering every folder (Corbeille included, as the store counts). GETQUOTA, GETQUOTAROOT;
 * SETQUOTA is refused: limits are set by administrators with `webmel quota set`.
 */
import type { ImapSession } from '../session.js';
import { ImapNo } from '../errors.js';
import { wireMailboxName } from '../mailbox-list.js';
import { ArgCursor, MAX_NUMBER64, parseMailboxName } from '../protocol/index.js';
import { imapString } from '../format/imap-string.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

/** RFC 9208 3.1: a quota root name; ours is not empty so every client can show it. */
export const QUOTA_ROOT = 'User quota';

/** RFC 9208 5.1: STORAGE is counted in units of 1024 octets. */
const KIB = 1024;

const ROOT = imapString(QUOTA_ROOT).toString('latin1');

export const getquota: ImapCommand = {
  name: 'GETQUOTA',
  states: AUTHENTICATED,
  run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    const root = args.astring('quota root');
    args.end();
    if (root !== QUOTA_ROOT) throw new ImapNo('NONEXISTENT', 'Racine de quota inconnue');
    session.untagged(quotaResponse(session));
  },
};

export const getquotaroot: ImapCommand = {
  name: 'GETQUOTAROOT',
  states: AUTHENTICATED,
  run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    const name = parseMailboxName(args.next('mailbox name'));
    args.end();
    const mailbox = session.services.store.findMailbox(session.account!.id, name);
    if (!mailbox) throw new ImapNo('NONEXISTENT', 'Dossier introuvable');
    // RFC 9208 4.3.2: QUOTAROOT names the folder and its roots, then one QUOTA per root.
    session.untagged(`QUOTAROOT ${wireMailboxName(mailbox.name)} ${ROOT}`);
    session.untagged(quotaResponse(session));
  },
};

export const setquota: ImapCommand = {
  name: 'SETQUOTA',
  states: AUTHENTICATED,
  run(_session, cmd) {
    // RFC 9208 4.1.3: setquota = "SETQUOTA" SP quota-root SP setquota-list
    const args = new ArgCursor(cmd.args);
    args.astring('quota root');
    const limits = new ArgCursor(args.list('resource limits'));
    while (!limits.done) {
      limits.atom('resource name');
      limits.number('resource limit', 0, MAX_NUMBER64);
    }
    args.end();
    // RFC 9208 4.1.3: only administrators may change limits; ours use the command line.
    throw new ImapNo('NOPERM', 'Le quota est fixé par les administrateurs');
  },
};

/** `QUOTA "User quota" (STORAGE used limit)`, in KiB: used rounded up, limit down (RFC 9208 5.1). */
function quotaResponse(session: ImapSession): string {
  const { services } = session;
  const account = session.account!;
  // The limit may have changed since login (`webmel quota set`): read the account again.
  const current = services.accounts.byId(account.id) ?? account;
  const used = Math.ceil(services.store.usage(account.id).usedBytes / KIB);
  const limit = Math.floor(services.policy.limitFor(current) / KIB);
  return `QUOTA ${ROOT} (STORAGE ${used} ${limit})`;
}
