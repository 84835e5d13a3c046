/**
 * What `directory import` and `user import` print: a progress bar on a terminal (plain lines
 * every PLAIN_PROGRESS_EVERY rows otherwise, on stderr), then on stdout the summary in French
 * or, with --json, exactly one object `{"added","updated","unchanged","rejected"}`.
 */
import { Presets, SingleBar } from 'cli-progress';
import { ImportFileError, type ImportReport } from '../directory/index.js';
import type { CliIo, OptionSpec } from './command.js';

/** Without a terminal, one progress line per this many rows: a million rows make ten lines. */
export const PLAIN_PROGRESS_EVERY = 100_000;
/** Rejected rows listed in the text summary; --json lists them all. */
const LISTED_REJECTS = 200;

export const DRY_RUN_OPTION: OptionSpec = { name: 'dry-run', description: 'vérifie et compte sans rien enregistrer' };
export const JSON_SUMMARY_OPTION: OptionSpec = { name: 'json', description: 'le bilan en un objet JSON {"added","updated","unchanged","rejected"}' };

const number = (n: number) => n.toLocaleString('fr-FR');

/**
 * Runs an import with its progress shown, then prints its report: exit 0, or 1 when a row was
 * rejected; a file refused as a whole gets its reason on stderr, exit 1, nothing on stdout.
 */
export function runImport(
  io: CliIo,
  label: string,
  doImport: (onProgress: Progress['onProgress']) => ImportReport,
  print: { json: boolean; prune: boolean; wording: (report: ImportReport) => ReportWording },
): number {
  const progress = importProgress(io, label);
  let report: ImportReport;
  try {
    report = doImport(progress.onProgress);
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    io.stderr(`${err.message}\n`);
    return 1;
  } finally {
    progress.stop();
  }
  return printImportReport(io, report, { ...print, wording: print.wording(report) });
}

export interface Progress {
  onProgress(done: number, total: number): void;
  stop(): void;
}

export function importProgress(io: CliIo, label: string): Progress {
  const terminal = io.terminal;
  if (terminal) {
    const bar = new SingleBar(
      { stream: terminal, format: `${label} [{bar}] {percentage} % · {value}/{total} lignes`, hideCursor: true, formatValue: (v) => number(v) },
      Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(done, total) {
        if (!started) bar.start(total, done);
        else {
          bar.setTotal(total);
          bar.update(done);
        }
        started = true;
      },
      stop: () => started && bar.stop(),
    };
  }
  let next = PLAIN_PROGRESS_EVERY;
  return {
    onProgress(done, total) {
      for (; done >= next; next += PLAIN_PROGRESS_EVERY) io.stderr(`${label} : ${number(next)} lignes sur ${number(total)}…\n`);
    },
    stop() {},
  };
}

/** French agreement: 0 and 1 take the singular. */
const agree = (n: number, word: string) => `${number(n)} ${word}${n > 1 ? 's' : ''}`;

export interface ReportWording {
  /** `structures.csv : structures` */
  title: string;
  added: string;
  updated?: string;
  unchanged: string;
}

/** Prints the report; the exit code is 1 when a row was rejected. */
export function printImportReport(io: CliIo, report: ImportReport, options: { json: boolean; prune: boolean; wording: ReportWording }): number {
  if (options.json) {
    const summary = { added: report.added, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected };
    io.stdout(`${JSON.stringify(options.prune ? { ...summary, removed: report.removed } : summary)}\n`);
    return report.rejected.length > 0 ? 1 : 0;
  }
  const { wording } = options;
  const encoding = report.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252';
  const lines = [`${wording.title} (${encoding}, séparateur « ${report.separator} »)${report.dryRun ? ' – simulation' : ''}`];
  const figures = [
    `  ${wording.added} : ${number(report.added)}`,
    ...(wording.updated ? [`  ${wording.updated} : ${number(report.updated)}`] : []),
    `  ${wording.unchanged} : ${number(report.unchanged)}`,
    ...(options.prune ? [`  supprimées (--prune) : ${number(report.removed)}`] : []),
    `  lignes rejetées : ${number(report.rejected.length)}`,
  ];
  lines.push(...figures);
  if (report.added + report.updated + report.removed === 0) lines.push('Aucune modification.');
  if (report.rejected.length > 0) {
    lines.push(`${agree(report.rejected.length, 'ligne rejetée')}, à corriger dans le fichier :`);
    for (const { line, reason } of report.rejected.slice(0, LISTED_REJECTS)) lines.push(`  ligne ${line} : ${reason}`);
    if (report.rejected.length > LISTED_REJECTS) lines.push(`  … et ${number(report.rejected.length - LISTED_REJECTS)} autres (liste complète : --json).`);
  }
  if (report.dryRun) lines.push('Simulation (--dry-run) : rien n’a été enregistré.');
  io.stdout(`${lines.join('\n')}\n`);
  return report.rejected.length > 0 ? 1 : 0;
}
