/**
 * `webmel account depart` and `webmel account export`: an agent leaving the académie (issue
 * 21; CNIL practice): sign-in blocked, an automatic reply for one to three months, then the
 * mailbox deleted; the export first, for an agent moving to another académie.
 */
import fs from 'node:fs';
import { exportMbox } from '../admin/index.js';
import { parisInstant, parseCivilDate } from '../calendar/index.js';
import { adminAction, cliActor } from './cli-actor.js';
import { UsageError, type CommandGroup } from './command.js';
import { resolveFile } from './directory-commands.js';
import { withServices } from './with-services.js';

const depart = {
  name: 'account depart',
  args: 'LOGIN',
  arity: [1, 1] as [number, number],
  summary: 'départ d’un agent : connexion bloquée, réponse automatique (1 à 3 mois), puis boîte supprimée',
  options: [
    { name: 'reply-until', value: 'AAAA-MM-JJ', description: 'dernier jour de la réponse automatique (un mois par défaut)' },
    { name: 'successor', value: 'ADRESSE', description: 'à qui écrire désormais, dit dans la réponse automatique' },
    { name: 'reason', value: 'TEXTE', description: 'motif, inscrit au journal d’audit' },
    { name: 'json', description: 'un objet JSON {"login","address","reply_until","deleted_after"}' },
  ],
  run: ({ positionals: [login], values, flags }, config, io) => {
    let replyUntil: number | undefined;
    if (values['reply-until'] !== undefined) {
      const day = parseCivilDate(values['reply-until']);
      if (!day) throw new UsageError(`--reply-until attend une date AAAA-MM-JJ (« ${values['reply-until']} »)`);
      replyUntil = parisInstant(day, '23:59:59') + 999;
    }
    return withServices(config, (services) =>
      adminAction(io, () => {
        const { account, replyUntil: until } = services.admin.depart({ login: cliActor() }, login!, { replyUntil, successor: values.successor ?? null, reason: values.reason });
        const day = new Date(until).toISOString().slice(0, 10);
        if (flags.has('json')) io.stdout(`${JSON.stringify({ login: account.login, address: account.address, reply_until: day, deleted_after: day })}\n`);
        else io.stdout(`Départ de ${account.login} enregistré : connexion bloquée, réponse automatique jusqu’au ${day}, puis boîte supprimée.\n`);
      }),
    );
  },
} satisfies CommandGroup['commands'][number];

const exportCommand = {
  name: 'account export',
  args: 'LOGIN FICHIER.mbox',
  arity: [2, 2] as [number, number],
  summary: 'écrit tout le courrier du compte dans un fichier mbox (avant un départ vers une autre académie)',
  options: [{ name: 'json', description: 'un objet JSON {"login","messages","bytes","file"}' }],
  run: ({ positionals: [login, file], flags }, config, io) =>
    withServices(config, (services) =>
      adminAction(io, () => {
        const account = services.admin.account(login!);
        const path = resolveFile(io, file!);
        const fd = fs.openSync(path, 'wx', 0o600);
        let bytes = 0;
        let messages = 0;
        try {
          messages = exportMbox(services.store, account.id, (chunk) => {
            fs.writeSync(fd, chunk);
            bytes += chunk.length;
          });
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        services.audit.record({ actor: cliActor(), action: 'account.export', target: account.login, details: { messages, bytes } });
        if (flags.has('json')) io.stdout(`${JSON.stringify({ login: account.login, messages, bytes, file: path })}\n`);
        else io.stdout(`${messages} message(s) de ${account.login} écrits dans ${path}.\n`);
      }),
    ),
} satisfies CommandGroup['commands'][number];

export const accountGroup: CommandGroup = {
  name: 'account',
  summary: 'Départs des agents (réponse automatique, puis suppression) et export de leur courrier.',
  commands: [depart, exportCommand],
};
