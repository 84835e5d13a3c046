/** `webmel queue list|retry|drop`: admins look at and act on mail waiting to leave. */
import { parseArgs } from 'node:util';
import { createServices } from '../app.js';
import type { Config } from '../config.js';
import { silentLogger } from '../log/logger.js';
import type { QueuedMessage, QueuedRecipient } from '../outbound/outbound-store.js';
import { UsageError, type CliIo } from './run-cli.js';
import { formatTable, shortDate } from './table.js';

const STATUS_TEXT: Record<QueuedRecipient['status'], string> = { queued: 'en attente', sent: 'remis', failed: 'échec' };

function messageId(value: string | undefined, command: string): number {
  const id = Number(value);
  if (!value || !Number.isInteger(id) || id <= 0) throw new UsageError(`queue ${command} demande le numéro d'un message (voir queue list)`);
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

export function queueCommand(config: Config, argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  const services = createServices(config, silentLogger);
  try {
    switch (command) {
      case 'list': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true });
        const messages = services.outbound.list();
        if (values.json) {
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
      }
      case 'retry': {
        if (rest.length !== 1) throw new UsageError('queue retry demande un numéro de message');
        const id = messageId(rest[0], 'retry');
        const count = services.outbound.retry(id, Date.now());
        if (count === 0) {
          io.stderr(`Aucun destinataire à relancer pour le message ${id}.\n`);
          return 1;
        }
        io.stdout(`Message ${id} : ${count} destinataire(s) relancé(s) maintenant.\n`);
        return 0;
      }
      case 'drop': {
        if (rest.length !== 1) throw new UsageError('queue drop demande un numéro de message');
        const id = messageId(rest[0], 'drop');
        if (!services.outbound.drop(id)) {
          io.stderr(`Aucun message ${id} dans la file.\n`);
          return 1;
        }
        io.stdout(`Message ${id} supprimé de la file (l'expéditeur n'est pas prévenu).\n`);
        return 0;
      }
      default:
        throw new UsageError(`queue ${command ?? ''} : sous-commande inconnue (list, retry, drop)`);
    }
  } finally {
    services.db.close();
  }
}
