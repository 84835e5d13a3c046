/** Who acts from the command line, for the audit log: the system user running `webmel`. */
import os from 'node:os';

export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}
