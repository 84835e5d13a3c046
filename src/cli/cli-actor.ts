/** Who acts from the command line, for the audit log: the system user running `webmel`. */
import os from 'node:os';
import { AdminError } from '../admin/index.js';
import type { CliIo, OptionSpec } from './command.js';

export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Runs an action; a refusal (an error `isRefusal` knows) is exit 1 with its message on stderr, anything else a fault. */
export function refusableAction(io: CliIo, isRefusal: (err: unknown) => err is Error, act: () => void): number {
  try {
    act();
    return 0;
  } catch (err) {
    if (!isRefusal(err)) throw err;
    io.stderr(`Erreur : ${err.message}\n`);
    return 1;
  }
}

/** Runs an admin action; its refusal (unknown account, the last admin, a bad quota) is exit 1 with its message. */
export function adminAction(io: CliIo, act: () => void): number {
  return refusableAction(io, (err): err is AdminError => err instanceof AdminError, act);
}

/** The `--json` flag every admin action takes: its outcome as one JSON object, for scripts. */
export const JSON_OUTCOME_OPTION: OptionSpec = { name: 'json', description: 'le résultat en un objet JSON, pour les scripts' };
export const REASON_OPTION: OptionSpec = { name: 'reason', value: 'TEXTE', description: 'motif, inscrit au journal d’audit' };

/** Prints an action's outcome: the JSON object with --json, else the sentence for a person. */
export function printOutcome(io: CliIo, flags: ReadonlySet<string>, json: Record<string, unknown>, text: string): void {
  io.stdout(flags.has('json') ? `${JSON.stringify(json)}\n` : `${text}\n`);
}
