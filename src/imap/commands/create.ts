/**
 * CREATE (RFC 3501 6.3.3) with the `/` hierarchy, and CREATE-SPECIAL-USE (RFC 6154 3):
 * `CREATE Factures (USE (\Archive))`.
 */
import type { MailStore } from '../../store/mail-store.js';
import { DELIMITER, validateMailboxName } from '../../store/mail-store.js';
import { ImapNo } from '../errors.js';
import { parentNames } from '../mailbox-list.js';
import { ArgCursor, ImapParseError, parseMailboxName, quoteInput, type Token } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

/**
 * RFC 6154 2: the special uses a folder may be created with. \All and \Flagged name virtual
 * folders, which the store does not have.
 */
export const CREATABLE_SPECIAL_USES = ['\\Archive', '\\Drafts', '\\Junk', '\\Sent', '\\Trash'] as const;

interface CreateArgs {
  name: string;
  /** RFC 6154 `USE (...)` attributes as sent (may be several, or none). */
  uses: string[];
}

export const create: ImapCommand = {
  name: 'CREATE',
  states: AUTHENTICATED,
  run(session, cmd) {
    const { name, uses } = parseCreateArgs(cmd.args);
    const accountId = session.account!.id;
    const { store } = session.services;
    const specialUse = resolveSpecialUse(uses);
    if (specialUse && store.findSpecialUse(accountId, specialUse)) {
      // The webmail and the retention of Corbeille / Indésirables expect one folder per use.
      throw new ImapNo('USEATTR', `Un dossier ${specialUse} existe déjà`);
    }
    store.write(() => {
      createParents(store, accountId, name);
      store.createMailbox(accountId, name, specialUse);
    });
  },
};

/**
 * RFC 3501 6.3.3: creating `a/b/c` creates the missing `a` and `a/b`. Call inside a store
 * write, so a failure further on creates nothing. `name` is validated first.
 */
export function createParents(store: MailStore, accountId: number, name: string): void {
  const canonical = validateMailboxName(name);
  for (const parent of parentNames(canonical)) {
    if (!store.findMailbox(accountId, parent)) store.createMailbox(accountId, parent);
  }
}

/**
 * RFC 3501 6.3.3: a trailing delimiter only declares that the folder will have children; a
 * server that does not need the declaration ignores it.
 */
export function withoutTrailingDelimiter(name: string): string {
  return name.length > 1 && name.endsWith(DELIMITER) ? name.slice(0, -1) : name;
}

/** RFC 4466 2.2 / RFC 6154 6: create = "CREATE" SP mailbox [SP "(" create-param *(SP create-param) ")"]. */
function parseCreateArgs(tokens: readonly Token[]): CreateArgs {
  const c = new ArgCursor(tokens);
  const name = withoutTrailingDelimiter(parseMailboxName(c.next('mailbox name')));
  const uses: string[] = [];
  if (!c.done) {
    const params = new ArgCursor(c.list('create parameters'));
    if (params.done) throw new ImapParseError('Empty create parameter list');
    while (!params.done) {
      const param = params.keyword('create parameter');
      if (param !== 'USE') throw new ImapParseError(`Unknown create parameter ${quoteInput(param)}`);
      // RFC 6154 6: "USE" SP "(" [use-attr *(SP use-attr)] ")"; use-attr-ext = "\" atom
      const list = new ArgCursor(params.list('special-use attributes'));
      while (!list.done) {
        const attr = list.atom('special-use attribute');
        if (!/^\\[A-Za-z0-9$_.-]{1,64}$/.test(attr)) throw new ImapParseError(`Invalid special-use attribute ${quoteInput(attr)}`);
        uses.push(attr);
      }
    }
  }
  c.end();
  return { name, uses };
}

/** One known special use, or null for none; anything else is NO [USEATTR] (RFC 6154 3). */
function resolveSpecialUse(uses: readonly string[]): string | null {
  if (uses.length === 0) return null;
  if (uses.length > 1) throw new ImapNo('USEATTR', 'Un seul usage spécial par dossier');
  const wanted = uses[0]!.toLowerCase();
  const known = CREATABLE_SPECIAL_USES.find((use) => use.toLowerCase() === wanted);
  if (!known) throw new ImapNo('USEATTR', `Usage spécial non pris en charge : ${quoteInput(uses[0]!)}`);
  return known;
}
