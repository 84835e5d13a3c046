/** `webmel user add|import|list|set|disable|enable|lockouts|unlock|reset-password|revoke-sessions`. */
import { ROLES, type Account, type Degree, type Role, type Sector } from '../accounts/account-store.js';
import type { CommandGroup, CommandSpec, OptionSpec } from './command.js';
import { lockoutsCommand, unlockCommand } from './lockout-commands.js';
import { formatTable } from './table.js';
import { userImport } from './user-import-command.js';
import { withServices } from './with-services.js';
import { adminAction, cliActor, JSON_OUTCOME_OPTION, printOutcome, REASON_OPTION } from './cli-actor.js';

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

const PROFILE_OPTIONS = {
  role: { name: 'role', value: 'RÔLE', description: 'rôle (enseignant par défaut)', choices: ROLES },
  degree: { name: 'degree', value: 'DEGRÉ', description: 'degré', choices: ['1d', '2d'] },
  uai: { name: 'uai', value: 'UAI', description: "code UAI de l'établissement (ex. 0131234W)" },
  circonscription: { name: 'circonscription', value: 'C', description: 'circonscription (ex. « Marseille 5 »)' },
} satisfies Record<string, OptionSpec>;

const add: CommandSpec = {
  name: 'user add',
  summary: 'crée un compte ; son mot de passe initial est le NUMEN de la personne',
  options: [
    { name: 'prenom', value: 'PRÉNOM', description: 'prénom', required: true },
    { name: 'nom', value: 'NOM', description: 'nom de famille', required: true },
    { name: 'numen', value: 'NUMEN', description: 'NUMEN, jamais stocké en clair', required: true },
    { name: 'naissance', value: 'AAAA-MM-JJ', description: 'date de naissance' },
    PROFILE_OPTIONS.role,
    PROFILE_OPTIONS.degree,
    { name: 'sector', value: 'SECTEUR', description: 'secteur (public par défaut)', choices: ['public', 'prive'] },
    PROFILE_OPTIONS.uai,
    PROFILE_OPTIONS.circonscription,
    { name: 'fonction', value: 'F', description: 'fonction (ex. « professeure des écoles »)' },
    { name: 'json', description: 'un objet JSON {"login","address","role"}' },
  ],
  run: ({ values, flags }, config, io) =>
    withServices(config, (services) =>
      adminAction(io, () => {
        // Required and closed-list options are checked by readArguments (command.ts).
        const account = services.admin.create({ login: cliActor() }, {
          prenom: values.prenom!,
          nom: values.nom!,
          numen: values.numen!,
          birthDate: values.naissance ?? null,
          role: values.role as Role | undefined,
          degree: (values.degree as Degree | undefined) ?? null,
          sector: values.sector as Sector | undefined,
          uai: values.uai ?? null,
          circonscription: values.circonscription ?? null,
          fonction: values.fonction ?? null,
        });
        printOutcome(io, flags, { login: account.login, address: account.address, role: account.role },
          `Compte créé : identifiant ${account.login}, adresse ${account.address}\nMot de passe initial : le NUMEN de la personne.`);
      }),
    ),
};

/** `user set`: role, degré and affectation, each option left out kept as it is. */
const set: CommandSpec = {
  name: 'user set',
  args: 'LOGIN',
  arity: [1, 1],
  summary: 'change le rôle, le degré ou l’affectation (UAI, circonscription) ; « none » efface une valeur',
  options: [PROFILE_OPTIONS.role, { ...PROFILE_OPTIONS.degree, choices: ['1d', '2d', 'none'] }, PROFILE_OPTIONS.uai, PROFILE_OPTIONS.circonscription, REASON_OPTION, JSON_OUTCOME_OPTION],
  run: ({ positionals: [login], values, flags }, config, io) =>
    withServices(config, (services) =>
      adminAction(io, () => {
        const before = services.admin.account(login!);
        const given = (name: string, was: string | null) => (values[name] === undefined ? was : values[name] === 'none' ? null : values[name]!);
        const account = services.admin.setProfile({ login: cliActor() }, login!, {
          role: (values.role as Role | undefined) ?? before.role,
          degree: given('degree', before.degree) as Degree | null,
          uai: given('uai', before.uai),
          circonscription: given('circonscription', before.circonscription),
        }, values.reason ?? '');
        printOutcome(io, flags, { login: account.login, role: account.role, degree: account.degree, uai: account.uai, circonscription: account.circonscription },
          `Profil de ${account.login} : ${account.role}${account.degree ? `, ${account.degree}` : ''}${account.uai ? `, ${account.uai}` : ''}${account.circonscription ? `, ${account.circonscription}` : ''}.`);
      }),
    ),
};

const list: CommandSpec = {
  name: 'user list',
  summary: 'liste les comptes (jamais de secret)',
  options: [{ name: 'json', description: 'en JSON, pour les scripts' }],
  run: ({ flags }, config, io) =>
    withServices(config, (services) => {
      const accounts = services.accounts.list();
      if (flags.has('json')) {
        io.stdout(`${JSON.stringify(accounts.map(publicView), null, 2)}\n`);
        return 0;
      }
      const rows = accounts.map((a) => [a.login, a.address, `${a.prenom} ${a.nom}`, a.role, a.disabledAt ? 'désactivé' : 'actif']);
      io.stdout(formatTable(['IDENTIFIANT', 'ADRESSE', 'NOM', 'RÔLE', 'ÉTAT'], rows));
      return 0;
    }),
};

function switchCommand(command: 'disable' | 'enable'): CommandSpec {
  return {
    name: `user ${command}`,
    args: 'LOGIN',
    arity: [1, 1],
    summary: command === 'disable' ? 'désactive un compte (il ne peut plus se connecter ni recevoir)' : 'réactive un compte désactivé',
    options: [REASON_OPTION, JSON_OUTCOME_OPTION],
    run: ({ positionals: [login], values, flags }, config, io) =>
      withServices(config, (services) =>
        adminAction(io, () => {
          const account = services.admin[command]({ login: cliActor() }, login!, values.reason ?? '');
          printOutcome(io, flags, { login: account.login, disabled: account.disabledAt !== null },
            `Compte ${account.login} ${command === 'disable' ? 'désactivé' : 'réactivé'}.`);
        }),
      ),
  };
}

export const userGroup: CommandGroup = {
  name: 'user',
  summary: 'Créer (un à un ou depuis un fichier), lister, désactiver et débloquer les comptes.',
  commands: [
    add,
    userImport,
    list,
    set,
    switchCommand('disable'),
    switchCommand('enable'),
    {
      name: 'user lockouts',
      summary: 'comptes visés par des tentatives de connexion, adresses limitées',
      options: [{ name: 'json', description: 'en JSON (dates ISO 8601, UTC)' }],
      run: (input, config, io) => withServices(config, (services) => lockoutsCommand(services, input, io)),
    },
    {
      name: 'user reset-password',
      args: 'LOGIN',
      arity: [1, 1],
      summary: 'remet le NUMEN comme mot de passe (à changer à la connexion suivante) et ferme les sessions',
      options: [REASON_OPTION, JSON_OUTCOME_OPTION],
      run: ({ positionals: [login], values, flags }, config, io) =>
        withServices(config, (services) => adminAction(io, () => {
          const account = services.admin.resetPassword({ login: cliActor() }, login!, values.reason ?? '');
          printOutcome(io, flags, { login: account.login, password_is_numen: true },
            `Mot de passe de ${account.login} réinitialisé : son NUMEN, à changer dès la connexion.`);
        })),
    },
    {
      name: 'user revoke-sessions',
      args: 'LOGIN',
      arity: [1, 1],
      summary: 'ferme toutes les sessions du webmail du compte',
      options: [REASON_OPTION, JSON_OUTCOME_OPTION],
      run: ({ positionals: [login], values, flags }, config, io) =>
        withServices(config, (services) => adminAction(io, () => {
          const ended = services.admin.revokeSessions({ login: cliActor() }, login!, values.reason ?? '');
          printOutcome(io, flags, { login: services.admin.account(login!).login, sessions_ended: ended }, `${ended} session(s) fermée(s).`);
        })),
    },
    {
      name: 'user unlock',
      args: 'LOGIN',
      arity: [1, 1],
      summary: "efface les échecs de connexion d'un compte et lève sa suspension",
      options: [JSON_OUTCOME_OPTION],
      run: (input, config, io) => withServices(config, (services) => unlockCommand(services, input, io)),
    },
  ],
};
