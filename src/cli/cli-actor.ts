/** Who acts from the command line, for the audit log: the system user running `webmel`. */
import os from 'node:os';
import { AdminError } from '../admin/index.js';
import type { CliIo } from './command.js';

export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Runs an admin action; its refusal (unknown account, the last admin, a bad quota) is exit 1 with its message. */
export function adminAction(io: CliIo, act: () => void): number {
  try {
    act();
    return 0;
  } catch (err) {
    if (!(err instanceof AdminError)) throw err;
    io.stderr(`Erreur : ${err.message}\n`);
    return 1;
  }
}
