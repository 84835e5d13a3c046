/** `webmel user import FICHIER.csv`: the accounts of a file (src/accounts/account-import.ts), with its report. */
import { importAccounts } from '../accounts/index.js';
import { csvFile } from '../directory/index.js';
import type { CommandSpec } from './command.js';
import { resolveFile } from './directory-commands.js';
import { DRY_RUN_OPTION, JSON_SUMMARY_OPTION, runImport } from './import-report.js';
import { withServices } from './with-services.js';
import { cliActor } from './cli-actor.js';

export const userImport: CommandSpec = {
  name: 'user import',
  args: 'FICHIER.csv',
  arity: [1, 1],
  summary: 'crée les comptes d’un fichier de personnes avec une colonne numen (mot de passe initial : le NUMEN)',
  options: [DRY_RUN_OPTION, JSON_SUMMARY_OPTION],
  run: ({ positionals: [file], flags }, config, io) =>
    withServices(config, (services) =>
      runImport(
        io,
        'Création des comptes',
        (onProgress) => {
          const report = importAccounts(services, csvFile(resolveFile(io, file!), file), { dryRun: flags.has('dry-run'), onProgress });
          if (!report.dryRun) services.admin.recordImport({ login: cliActor() }, { added: report.added, unchanged: report.unchanged, rejected: report.rejected.length });
          return report;
        },
        {
          json: flags.has('json'),
          prune: false,
          wording: () => ({ title: `${file} : comptes`, added: 'comptes créés', unchanged: 'déjà pourvues d’un compte (ignorées)' }),
        },
      ),
    ),
};
