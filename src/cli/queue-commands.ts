/** `webmel queue list|retry|drop`: admins look at and act on mail waiting to leave. */
import type { Config } from '../config.js';
import type { QueuedMessage, QueuedRecipient } from '../outbound/outbound-store.js';
import { runGroup, UsageError, type CliIo, type CommandGroup, type CommandSpec } from './command.js';
import { formatTable, shortDate } from './table.js';
import { withServices } from './with-services.js';

const STATUS_TEXT: Record<QueuedRecipient['status'], string> = { queued: 'en attente', sent: 'remis', failed: 'échec' };

function messageId(value: string, command: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`queue ${command} demande le numéro d'un message (voir queue list)`);
  return id;
}

function listLines(messages: Array<QueuedMessage & { recipients: QueuedRecipient[] }>): string[][] {
  return messages.flatMap((message) =>
    message.recipients.map((r) => [
      String(message.id),
      message.sender || '<>',
      r.address,
      STATUS_TEXT[r.status],
      String(r.attempts),
      r.status === 'queued' ? shortDate(r.nextAttemptAt) : '',
      (r.lastError ?? '').slice(0, 60),
    ]),
  );
}

const list: CommandSpec = {
  name: 'queue list',
  summary: "messages en attente d'envoi vers les autres domaines",
  options: [{ name: 'json', description: 'en JSON, pour les scripts' }],
  run: ({ flags }, config, io) =>
    withServices(config, (services) => {
      const messages = services.outbound.list();
      if (flags.has('json')) {
        io.stdout(`${JSON.stringify(messages, null, 2)}\n`);
        return 0;
      }
      if (messages.length === 0) {
        io.stdout('File d’attente vide.\n');
        return 0;
      }
      io.stdout(
        formatTable(['N°', 'EXPÉDITEUR', 'DESTINATAIRE', 'ÉTAT', 'ESSAIS', 'PROCHAIN ESSAI (UTC)', 'DERNIÈRE ERREUR'], listLines(messages)),
      );
      return 0;
    }),
};

const retry: CommandSpec = {
  name: 'queue retry',
  args: 'N°',
  arity: [1, 1],
  summary: 'relance maintenant un message en attente ou en échec',
  run: ({ positionals: [number] }, config, io) => {
    const id = messageId(number!, 'retry');
    return withServices(config, (services) => {
      const count = services.outbound.retry(id, Date.now());
      if (count === 0) {
        io.stderr(`Aucun destinataire à relancer pour le message ${id}.\n`);
        return 1;
      }
      io.stdout(`Message ${id} : ${count} destinataire(s) relancé(s) maintenant.\n`);
      return 0;
    });
  },
};

const drop: CommandSpec = {
  name: 'queue drop',
  args: 'N°',
  arity: [1, 1],
  summary: "retire un message de la file (sans prévenir l'expéditeur)",
  run: ({ positionals: [number] }, config, io) => {
    const id = messageId(number!, 'drop');
    return withServices(config, (services) => {
      if (!services.outbound.drop(id)) {
        io.stderr(`Aucun message ${id} dans la file.\n`);
        return 1;
      }
      io.stdout(`Message ${id} supprimé de la file (l'expéditeur n'est pas prévenu).\n`);
      return 0;
    });
  },
};

export const queueGroup: CommandGroup = {
  name: 'queue',
  summary: "Voir et traiter le courrier en attente d'envoi vers les autres domaines.",
  commands: [list, retry, drop],
};

/** `webmel queue …` with the configuration already loaded. */
export const queueCommand = (config: Config, argv: string[], io: CliIo): number => runGroup(queueGroup, argv, config, io);
