/** `webmel directory import|search`: the annuaire's référentiel from CSV files, and its search from a terminal. */
import path from 'node:path';
import { MAX_RESULTS, csvFile, importDirectory, type DirectoryHit } from '../directory/index.js';
import type { CliIo, CommandGroup, CommandSpec } from './command.js';
import { DRY_RUN_OPTION, JSON_SUMMARY_OPTION, runImport } from './import-report.js';
import { formatTable } from './table.js';
import { withServices } from './with-services.js';

/** A file the command line names, from where the command runs. */
export const resolveFile = (io: CliIo, file: string) => path.resolve(io.cwd, file);

const KIND_NAMES = { structures: 'structures', people: 'personnes' } as const;

const importCommand: CommandSpec = {
  name: 'directory import',
  args: 'FICHIER.csv',
  arity: [1, 1],
  summary: 'importe un fichier du référentiel (structures ou personnes, reconnu à son en-tête) dans l’annuaire',
  options: [
    DRY_RUN_OPTION,
    JSON_SUMMARY_OPTION,
    { name: 'prune', description: 'retire de l’annuaire les entrées de ce type absentes du fichier (jamais une personne qui a une boîte ici)' },
  ],
  run: ({ positionals: [file], flags }, config, io) =>
    withServices(config, (services) =>
      runImport(
        io,
        'Import',
        (onProgress) =>
          importDirectory(services.directory, csvFile(resolveFile(io, file!), file), { dryRun: flags.has('dry-run'), prune: flags.has('prune'), onProgress }),
        {
          json: flags.has('json'),
          prune: flags.has('prune'),
          wording: (report) => ({ title: `${file} : ${KIND_NAMES[report.kind]}`, added: 'ajoutées', updated: 'modifiées', unchanged: 'inchangées' }),
        },
      ),
    ),
};

/** A hit as `directory search --json` prints it: the fields in this order, always all of them. */
const publicHit = (hit: DirectoryHit) => ({
  kind: hit.kind,
  nom: hit.nom,
  prenom: hit.prenom,
  adresse: hit.adresse,
  fonction: hit.fonction,
  uai: hit.uai,
  structure: hit.structure,
  commune: hit.commune,
});

const searchCommand: CommandSpec = {
  name: 'directory search',
  args: 'TEXTE…',
  arity: [1, 100],
  summary: 'cherche dans l’annuaire (personnes et structures), comme la recherche du webmail',
  options: [{ name: 'json', description: 'un tableau JSON d’entrées {"kind","nom","prenom","adresse","fonction","uai","structure","commune"}' }],
  run: ({ positionals, flags }, config, io) =>
    withServices(config, (services) => {
      const answer = services.directory.search(positionals.join(' '), {}, MAX_RESULTS);
      if (flags.has('json')) {
        io.stdout(`${JSON.stringify(answer.hits.map(publicHit), null, 2)}\n`);
        return 0;
      }
      if (answer.hits.length === 0) {
        io.stdout('Aucun résultat.\n');
        return 0;
      }
      const rows = answer.hits.map((hit) => [
        hit.kind === 'person' ? 'personne' : 'structure',
        hit.kind === 'person' ? `${hit.prenom ?? ''} ${hit.nom}`.trim() : hit.nom,
        hit.adresse,
        hit.fonction ?? '',
        hit.uai ?? '',
        hit.kind === 'person' ? (hit.structure ?? '') : '',
        hit.commune ?? '',
      ]);
      io.stdout(formatTable(['TYPE', 'NOM', 'ADRESSE', 'FONCTION', 'UAI', 'AFFECTATION', 'COMMUNE'], rows));
      if (answer.broad) io.stderr('Beaucoup de réponses : les premières par ordre alphabétique. Précisez la recherche.\n');
      return 0;
    }),
};

export const directoryGroup: CommandGroup = {
  name: 'directory',
  summary: 'Importer le référentiel (structures, personnes) dans l’annuaire et y chercher.',
  commands: [importCommand, searchCommand],
};
