/** Every IMAP command the server knows, by name. Adding a command = one file + one line here. */
import { authenticate } from './authenticate.js';
import { capability } from './capability.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { check, noop } from './noop.js';
import { starttls } from './starttls.js';
import type { ImapCommand } from './types.js';

const ALL: readonly ImapCommand[] = [capability, noop, check, logout, login, authenticate, starttls];

export const COMMANDS: ReadonlyMap<string, ImapCommand> = new Map(ALL.map((command) => [command.name, command]));
