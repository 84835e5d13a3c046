/**
 * Dispatches `webmel <group> <command>` to its handler. Exit codes: 0 success, 1 the request
 * failed (unknown account, invalid value), 2 usage error. Help and usage errors are answered
 * before the configuration is read, so `--help` works whatever the environment says.
 */
import { loadConfig } from '../config.js';
import { resolveCommand, resolveInGroup, runResolved, summaryLines, UsageError, type CliIo, type CommandGroup, type CommandSpec } from './command.js';
import { directoryGroup } from './directory-commands.js';
import { queueGroup } from './queue-commands.js';
import { quotaGroup } from './quota-commands.js';
import { serve } from './serve.js';
import { accountGroup } from './account-commands.js';
import { auditGroup } from './audit-commands.js';
import { bulletinGroup, unionGroup } from './bulletin-commands.js';
import { calendarGroup, strikeGroup } from './strike-commands.js';
import { iprofGroup, iprofGuideCommands, iprofServiceCommands } from './iprof-commands.js';
import { userGroup } from './user-commands.js';
import { iprofCampaignCommands } from './iprof-campaign-commands.js';
import { iprofImport } from './iprof-import-command.js';
import { iprofThemeCommands } from './iprof-theme-commands.js';

export { UsageError, type CliIo } from './command.js';

const COMMANDS: Array<CommandGroup<number | Promise<number>> | CommandSpec<Promise<number>>> = [
  serve, userGroup, quotaGroup, queueGroup, directoryGroup, strikeGroup, calendarGroup, bulletinGroup, unionGroup, auditGroup, accountGroup,
  // Each part of I-Prof brings its own subcommands (iprof-commands.ts says how).
  iprofGroup(iprofServiceCommands, iprofGuideCommands, iprofThemeCommands, [iprofImport], iprofCampaignCommands),
];

export const USAGE = `Usage : webmel <commande> [options]

${summaryLines(COMMANDS)}

Options d'une commande : webmel <commande> --help (par exemple webmel quota set --help).
Configuration par variables d'environnement (WEBMEL_DATA_DIR, WEBMEL_DOMAIN…) : voir README.md.
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      io.stdout(USAGE);
      return name === undefined ? 2 : 0;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) {
      io.stderr(`Commande inconnue : ${name}\n\n${USAGE}`);
      return 2;
    }
    const resolved = 'commands' in entry ? resolveInGroup(entry, rest) : resolveCommand(entry, rest);
    if ('help' in resolved) {
      io.stdout(resolved.help);
      return 0;
    }
    return await runResolved<number | Promise<number>>(resolved, loadConfig(io.env, io.cwd), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\nAide : webmel ${err.helpCommand ?? '--help'}\n`);
      return 2;
    }
    io.stderr(`Erreur : ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
