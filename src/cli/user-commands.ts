/** `webmel user add|list|disable|enable|lockouts|unlock`. */
import { parseArgs } from 'node:util';
import { ROLES, type Account, type Degree, type Role, type Sector } from '../accounts/account-store.js';
import { createServices } from '../app.js';
import type { Config } from '../config.js';
import { silentLogger } from '../log/logger.js';
import { lockoutsCommand, unlockCommand } from './lockout-commands.js';
import { UsageError, type CliIo } from './run-cli.js';
import { formatTable } from './table.js';

// Other commands import it from here.
export { formatTable };

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} vaut ${allowed.join(', ')} (reçu « ${value} »)`);
  return value as T;
}

/** What `user list` shows: never a secret. */
function publicView(account: Account) {
  return {
    login: account.login,
    address: account.address,
    prenom: account.prenom,
    nom: account.nom,
    role: account.role,
    degree: account.degree,
    sector: account.sector,
    uai: account.uai,
    circonscription: account.circonscription,
    quotaBytes: account.quotaBytes,
    createdAt: account.createdAt,
    disabledAt: account.disabledAt,
  };
}

export function userCommand(config: Config, argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  const services = createServices(config, silentLogger);
  try {
    switch (command) {
      case 'add': {
        const { values } = parseArgs({
          args: rest,
          options: {
            prenom: { type: 'string' },
            nom: { type: 'string' },
            numen: { type: 'string' },
            naissance: { type: 'string' },
            role: { type: 'string' },
            degree: { type: 'string' },
            sector: { type: 'string' },
            uai: { type: 'string' },
            circonscription: { type: 'string' },
            fonction: { type: 'string' },
          },
          strict: true,
        });
        if (!values.prenom || !values.nom || !values.numen) {
          throw new UsageError('user add demande --prenom, --nom et --numen');
        }
        const account = services.accounts.create({
          prenom: values.prenom,
          nom: values.nom,
          numen: values.numen,
          birthDate: values.naissance ?? null,
          role: oneOf<Role>(values.role, ROLES, 'role'),
          degree: oneOf<Degree>(values.degree, ['1d', '2d'], 'degree') ?? null,
          sector: oneOf<Sector>(values.sector, ['public', 'prive'], 'sector'),
          uai: values.uai ?? null,
          circonscription: values.circonscription ?? null,
          fonction: values.fonction ?? null,
        });
        io.stdout(`Compte créé : identifiant ${account.login}, adresse ${account.address}\n`);
        io.stdout(`Mot de passe initial : le NUMEN de la personne.\n`);
        return 0;
      }
      case 'list': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true });
        const accounts = services.accounts.list();
        if (values.json) {
          io.stdout(`${JSON.stringify(accounts.map(publicView), null, 2)}\n`);
          return 0;
        }
        const rows = accounts.map((a) => [a.login, a.address, `${a.prenom} ${a.nom}`, a.role, a.disabledAt ? 'désactivé' : 'actif']);
        io.stdout(formatTable(['IDENTIFIANT', 'ADRESSE', 'NOM', 'RÔLE', 'ÉTAT'], rows));
        return 0;
      }
      case 'disable':
      case 'enable': {
        const login = rest[0];
        if (!login || rest.length > 1) throw new UsageError(`user ${command} demande un identifiant`);
        const account = services.accounts.byLoginOrAddress(login);
        if (!account) {
          io.stderr(`Aucun compte « ${login} ».\n`);
          return 1;
        }
        if (command === 'disable') services.accounts.disable(account.id);
        else services.accounts.enable(account.id);
        io.stdout(`Compte ${account.login} ${command === 'disable' ? 'désactivé' : 'réactivé'}.\n`);
        return 0;
      }
      case 'lockouts':
        return lockoutsCommand(services, rest, io);
      case 'unlock':
        return unlockCommand(services, rest, io);
      default:
        throw new UsageError(`user ${command ?? ''} : sous-commande inconnue (add, list, disable, enable, lockouts, unlock)`);
    }
  } finally {
    services.db.close();
  }
}
