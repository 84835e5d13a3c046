/**
 * What every `webmel` command shares: how it declares its arguments, how they are read, and its
 * French help. Commands are declared rather than parsed by hand so that each one answers
 * `--help`/`-h` and refuses an unknown option in the same words and with the same exit code.
 *
 * This module imports no command (the commands import it): run-cli.ts assembles them.
 */
import type { Config } from '../config.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Where a long command draws its progress bar: stderr when it is a terminal (main.ts); absent for scripts and tests, which get plain lines. */
  terminal?: NodeJS.WriteStream;
}

/** Exit code 2: the command line itself is wrong. `helpCommand` names the help to point to. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    public helpCommand?: string,
  ) {
    super(message);
  }
}

export interface OptionSpec {
  /** Without the dashes: `prenom` for `--prenom`. */
  name: string;
  /** What the value looks like in the help (`AAAA-MM-JJ`); absent for a flag such as `--json`. */
  value?: string;
  description: string;
  required?: boolean;
  /** The only values accepted, when the option has a closed list. */
  choices?: readonly string[];
}

export interface CommandInput {
  /** Values of the options that take one, by name. */
  values: Partial<Record<string, string>>;
  /** Names of the flags given. */
  flags: ReadonlySet<string>;
  positionals: string[];
}

export interface CommandSpec<R = number> {
  /** As typed after `webmel`: `user add`. */
  name: string;
  /** The positional arguments as the help shows them: `LOGIN TAILLE|default`. */
  args?: string;
  /** How many positional arguments, [at least, at most]; none by default. */
  arity?: [number, number];
  summary: string;
  options?: OptionSpec[];
  run(input: CommandInput, config: Config, io: CliIo): R;
}

export interface CommandGroup<R = number> {
  /** `quota` */
  name: string;
  summary: string;
  commands: Array<CommandSpec<R>>;
}

const HELP_WORDS = new Set(['--help', '-h']);
const HELP_LINE: [string, string] = ['-h, --help', 'affiche cette aide'];

const frenchList = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`);

/**
 * Reads a command's arguments, or returns null when its help is asked for (`--help` wins over
 * any other mistake on the line). Written here rather than with node:util's parseArgs, whose
 * errors are English sentences and which reads `-1G` as short options instead of a (wrong) size.
 */
export function readArguments(spec: CommandSpec<unknown>, args: string[]): CommandInput | null {
  const terminator = args.indexOf('--');
  if ((terminator < 0 ? args : args.slice(0, terminator)).some((arg) => HELP_WORDS.has(arg))) return null;
  const values: Partial<Record<string, string>> = {};
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (i > terminator && terminator >= 0) positionals.push(arg);
    else if (arg === '--') continue;
    else if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) positionals.push(arg);
    else {
      const equals = arg.indexOf('=');
      const name = arg.startsWith('--') ? arg.slice(2, equals < 0 ? undefined : equals) : '';
      const option = spec.options?.find((o) => o.name === name);
      if (!option) throw new UsageError(`option inconnue : ${equals < 0 ? arg : arg.slice(0, equals)}`);
      if (option.value === undefined) {
        if (equals >= 0) throw new UsageError(`l'option --${name} ne prend pas de valeur`);
        flags.add(name);
        continue;
      }
      let value = equals >= 0 ? arg.slice(equals + 1) : args[i + 1];
      // `--prenom --nom X` forgot the first value: take `--nom` as an option, not as a first name.
      if (equals < 0) {
        if (value === undefined || (value.startsWith('-') && !/^-\d/.test(value))) value = undefined;
        else i++;
      }
      if (value === undefined) throw new UsageError(`l'option --${name} attend une valeur (${option.value})`);
      if (option.choices && !option.choices.includes(value)) {
        throw new UsageError(`--${name} vaut ${option.choices.join(', ')} (reçu « ${value} »)`);
      }
      values[name] = value;
    }
  }
  const missing = (spec.options ?? []).filter((o) => o.required && values[o.name] === undefined).map((o) => `--${o.name}`);
  if (missing.length > 0) throw new UsageError(`${spec.name} demande ${frenchList(missing)}`);
  const [least, most] = spec.arity ?? [0, 0];
  if (positionals.length < least) throw new UsageError(`${spec.name} demande ${spec.args ?? 'un argument'}`);
  if (positionals.length > most) throw new UsageError(`${spec.name} : argument en trop « ${positionals[most]} »`);
  return { values, flags, positionals };
}

/** Left column at most this wide: a longer entry has its description on the next line. */
const LEFT_COLUMN_MAX = 28;

function columns(rows: Array<[string, string]>): string {
  const width = Math.min(LEFT_COLUMN_MAX, Math.max(...rows.map(([left]) => left.length)));
  return rows
    .map(([left, right]) =>
      left.length > width ? `  ${left}\n  ${' '.repeat(width)}   ${right}` : `  ${left.padEnd(width)}   ${right}`.trimEnd(),
    )
    .join('\n');
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** The synopsis of a command: `user add --prenom PRÉNOM --nom NOM --numen NUMEN [options]`. */
export function synopsis(spec: CommandSpec<unknown>): string {
  const options = spec.options ?? [];
  const required = options.filter((o) => o.required).map((o) => `--${o.name} ${o.value}`);
  return [spec.name, spec.args, ...required, options.some((o) => !o.required) ? '[options]' : undefined].filter(Boolean).join(' ');
}

export function commandHelp(spec: CommandSpec<unknown>): string {
  const options: Array<[string, string]> = (spec.options ?? []).map((o) => [
    o.value === undefined ? `--${o.name}` : `--${o.name} ${o.value}`,
    o.description + (o.choices ? ` : ${o.choices.join(', ')}` : '') + (o.required ? ' (obligatoire)' : ''),
  ]);
  return `Usage : webmel ${synopsis(spec)}\n\n${sentence(spec.summary)}\n\nOptions :\n${columns([...options, HELP_LINE])}\n`;
}

export function groupHelp(group: CommandGroup<unknown>): string {
  const rows = group.commands.map((c): [string, string] => [synopsis(c).slice(group.name.length + 1), c.summary]);
  return (
    `Usage : webmel ${group.name} <sous-commande> [options]\n\n${group.summary}\n\nSous-commandes :\n${columns(rows)}\n\n` +
    `Options de chaque sous-commande : webmel ${group.name} <sous-commande> --help\n`
  );
}

/** One line per command, for the general help. */
export function summaryLines(entries: Array<CommandGroup<unknown> | CommandSpec<unknown>>): string {
  const specs = entries.flatMap((entry) => ('commands' in entry ? entry.commands : [entry]));
  return columns(specs.map((spec): [string, string] => [synopsis(spec), spec.summary]));
}

export type Resolved<R> = { help: string } | { spec: CommandSpec<R>; input: CommandInput };

/** Finds the subcommand `argv` names in `group` and reads its arguments. */
export function resolveInGroup<R>(group: CommandGroup<R>, argv: string[]): Resolved<R> {
  const [name, ...rest] = argv;
  const helpName = `${group.name} --help`;
  if (name === undefined) {
    throw new UsageError(`${group.name} : indiquez une sous-commande (${group.commands.map((c) => c.name.split(' ')[1]).join(', ')})`, helpName);
  }
  if (HELP_WORDS.has(name) || name === 'help') return { help: groupHelp(group) };
  // A command of three words (`strike preavis add`) before one of two.
  const longer = rest[0] === undefined ? undefined : group.commands.find((c) => c.name === `${group.name} ${name} ${rest[0]}`);
  if (longer) return resolveCommand(longer, rest.slice(1));
  const spec = group.commands.find((c) => c.name === `${group.name} ${name}`);
  if (!spec) {
    const known = [...new Set(group.commands.map((c) => c.name.split(' ').slice(1).join(' ')))].join(', ');
    throw new UsageError(`${group.name} ${name} : sous-commande inconnue (${known})`, helpName);
  }
  return resolveCommand(spec, rest);
}

export function resolveCommand<R>(spec: CommandSpec<R>, args: string[]): Resolved<R> {
  try {
    const input = readArguments(spec, args);
    return input ? { spec, input } : { help: commandHelp(spec) };
  } catch (err) {
    if (err instanceof UsageError) err.helpCommand ??= `${spec.name} --help`;
    throw err;
  }
}

/** Runs a resolved command; a usage error it raises points to that command's help. */
export function runResolved<R>(resolved: Resolved<R>, config: Config, io: CliIo): R | number {
  if ('help' in resolved) {
    io.stdout(resolved.help);
    return 0;
  }
  try {
    return resolved.spec.run(resolved.input, config, io);
  } catch (err) {
    if (err instanceof UsageError) err.helpCommand ??= `${resolved.spec.name} --help`;
    throw err;
  }
}

/** `webmel <group> …` in one call (the group's own tests call it so). */
export function runGroup(group: CommandGroup, argv: string[], config: Config, io: CliIo): number {
  return runResolved(resolveInGroup(group, argv), config, io);
}
