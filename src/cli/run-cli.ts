/**
 * Dispatches `webmel <group> <command>` to its handler. Exit codes: 0 success, 1 the request
 * failed (unknown account, invalid value), 2 usage error.
 */
import { loadConfig } from '../config.js';
import { queueCommand } from './queue-commands.js';
import { quotaCommand } from './quota-commands.js';
import { serveCommand } from './serve.js';
import { userCommand } from './user-commands.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage : webmel <commande>

  serve                                   démarre SMTP (et les autres services) et le webmail
  user add --prenom P --nom N --numen NUMEN [--naissance AAAA-MM-JJ] [--role enseignant|directeur|ien|gestionnaire|admin]
           [--degree 1d|2d] [--sector public|prive] [--uai UAI] [--circonscription C] [--fonction F]
  user list [--json]
  user disable LOGIN
  user enable LOGIN
  user lockouts [--json]                  comptes visés par des tentatives de connexion, adresses limitées
  user unlock LOGIN                       efface les échecs de connexion d'un compte et lève sa suspension
  quota show LOGIN|ADRESSE [--json]
  quota report [--over POURCENT] [--json|--csv]
  quota set LOGIN TAILLE|default           (ex. 100M, 1G)
  quota recalc [LOGIN]
  queue list [--json]                     messages en attente d'envoi vers les autres domaines
  queue retry N°                          relance maintenant un message en attente ou en échec
  queue drop N°                           retire un message de la file (sans prévenir l'expéditeur)

Configuration par variables d'environnement (WEBMEL_DATA_DIR, WEBMEL_DOMAIN…) : voir README.md.
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [group, ...rest] = argv;
  try {
    const config = loadConfig(io.env, io.cwd);
    switch (group) {
      case 'serve':
        return await serveCommand(config, io);
      case 'user':
        return userCommand(config, rest, io);
      case 'quota':
        return quotaCommand(config, rest, io);
      case 'queue':
        return queueCommand(config, rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return group === undefined ? 2 : 0;
      default:
        throw new UsageError(`Commande inconnue : ${group}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`Erreur : ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
