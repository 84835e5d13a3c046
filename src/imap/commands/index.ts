/** Every IMAP command the server knows, by name. Adding a command = one file + one line here. */
import { append } from './append.js';
import { authenticate } from './authenticate.js';
import { capability } from './capability.js';
import { close } from './close.js';
import { copy } from './copy.js';
import { create } from './create.js';
import { deleteCommand } from './delete.js';
import { enable } from './enable.js';
import { expunge } from './expunge.js';
import { fetch } from './fetch.js';
import { id } from './id.js';
import { idle } from './idle.js';
import { list } from './list.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { lsub } from './lsub.js';
import { move } from './move.js';
import { namespace } from './namespace.js';
import { check, noop } from './noop.js';
import { getquota, getquotaroot, setquota } from './quota.js';
import { rename } from './rename.js';
import { search } from './search.js';
import { examine, select } from './select.js';
import { sort } from './sort.js';
import { starttls } from './starttls.js';
import { status } from './status.js';
import { store } from './store.js';
import { subscribe, unsubscribe } from './subscribe.js';
import { thread } from './thread.js';
import type { ImapCommand } from './types.js';
import { unselect } from './unselect.js';

const ALL: readonly ImapCommand[] = [
  // any state
  capability,
  noop,
  logout,
  id,
  // not authenticated
  login,
  authenticate,
  starttls,
  // authenticated: mailboxes and session
  select,
  examine,
  create,
  deleteCommand,
  rename,
  subscribe,
  unsubscribe,
  list,
  lsub,
  status,
  namespace,
  enable,
  idle,
  getquota,
  getquotaroot,
  setquota,
  append,
  // selected
  check,
  fetch,
  store,
  search,
  sort,
  thread,
  copy,
  move,
  expunge,
  close,
  unselect,
];

export const COMMANDS: ReadonlyMap<string, ImapCommand> = new Map(ALL.map((command) => [command.name, command]));
