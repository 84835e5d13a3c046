/**
 * `webmel iprof import FICHIER.csv`: the agents' situations into their I-Prof dossiers
 * (src/portal/dossier/dossier-import.ts), reported as `webmel user import` reports: counts,
 * then every rejected line with its reason; exit 1 when a line was rejected.
 *
 * Exported alone so that the `iprof` group (iprof-commands.ts) lists it beside the other
 * I-Prof commands.
 */
import { parisDay } from '../calendar/index.js';
import { csvFile } from '../directory/index.js';
import { DOSSIER_COLUMNS, importDossiers } from '../portal/index.js';
import { cliActor } from './cli-actor.js';
import type { CommandSpec } from './command.js';
import { resolveFile } from './directory-commands.js';
import { DRY_RUN_OPTION, JSON_SUMMARY_OPTION, runImport } from './import-report.js';
import { withServices } from './with-services.js';

export const iprofImport: CommandSpec = {
  name: 'iprof import',
  args: 'FICHIER.csv',
  arity: [1, 1],
  summary: `enregistre la situation des agents (colonnes ${DOSSIER_COLUMNS.join(', ')}) dans leur dossier I-Prof`,
  options: [DRY_RUN_OPTION, JSON_SUMMARY_OPTION],
  run: ({ positionals: [file], flags }, config, io) =>
    withServices(config, (services) =>
      runImport(
        io,
        'Dossiers I-Prof',
        () => {
          const report = importDossiers(
            { accounts: services.accounts, dossiers: services.portal.dossiers },
            csvFile(resolveFile(io, file!), file),
            { dryRun: flags.has('dry-run'), by: cliActor(), today: parisDay(Date.now()) },
          );
          if (!report.dryRun) {
            services.audit.record({ actor: cliActor(), action: 'iprof.dossier.import', details: { added: report.added, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length } });
          }
          // The shape the shared report prints: rows of people, nothing removed.
          return { ...report, kind: 'people', removed: 0 };
        },
        {
          json: flags.has('json'),
          prune: false,
          wording: () => ({ title: `${file} : dossiers I-Prof`, added: 'dossiers créés', updated: 'dossiers modifiés', unchanged: 'inchangés' }),
        },
      ),
    ),
};
