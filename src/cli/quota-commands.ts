/** `webmel quota show|report|set|recalc`: admins inspect and manage mailbox usage. */
import { parseArgs } from 'node:util';
import type { Account } from '../accounts/account-store.js';
import { createServices, type Services } from '../app.js';
import type { Config } from '../config.js';
import { silentLogger } from '../log/logger.js';
import { formatMegabytes, parseSize } from '../quota/policy.js';
import { UsageError, type CliIo } from './run-cli.js';
import { formatTable } from './user-commands.js';

interface QuotaLine {
  login: string;
  address: string;
  usedBytes: number;
  limitBytes: number;
  percent: number;
  messages: number;
}

function quotaLine(services: Services, account: Account): QuotaLine {
  const usage = services.store.usage(account.id);
  const limitBytes = services.policy.limitFor(account);
  return {
    login: account.login,
    address: account.address,
    usedBytes: usage.usedBytes,
    limitBytes,
    percent: limitBytes > 0 ? Math.round((usage.usedBytes / limitBytes) * 1000) / 10 : 100,
    messages: usage.messageCount,
  };
}

function findAccount(services: Services, who: string | undefined, io: CliIo): Account | null {
  if (!who) throw new UsageError('Indiquez un identifiant ou une adresse');
  const account = services.accounts.byLoginOrAddress(who);
  if (!account) io.stderr(`Aucun compte « ${who} ».\n`);
  return account;
}

const percentText = (percent: number) => `${percent.toLocaleString('fr-FR')} %`;

export function quotaCommand(config: Config, argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  const services = createServices(config, silentLogger);
  try {
    switch (command) {
      case 'show': {
        const { values, positionals } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, allowPositionals: true });
        const account = findAccount(services, positionals[0], io);
        if (!account) return 1;
        const line = quotaLine(services, account);
        const folders = services.store.folderUsage(account.id);
        if (values.json) {
          io.stdout(`${JSON.stringify({ ...line, folders }, null, 2)}\n`);
          return 0;
        }
        io.stdout(
          `${line.login} <${line.address}>\n` +
            `Utilisé : ${formatMegabytes(line.usedBytes)} (${line.usedBytes} octets) sur ${formatMegabytes(line.limitBytes)} — ${percentText(line.percent)}\n` +
            `Messages : ${line.messages}\n\n`,
        );
        io.stdout(
          formatTable(
            ['DOSSIER', 'MESSAGES', 'TAILLE'],
            folders.map((f) => [f.name, String(f.messages), formatMegabytes(f.bytes)]),
          ),
        );
        return 0;
      }
      case 'report': {
        const { values } = parseArgs({
          args: rest,
          options: { over: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' } },
          strict: true,
        });
        const over = values.over === undefined ? 0 : Number(values.over);
        if (!Number.isFinite(over) || over < 0) throw new UsageError('--over attend un pourcentage, par exemple 80');
        const lines = services.accounts
          .list()
          .map((account) => quotaLine(services, account))
          .filter((line) => line.percent >= over)
          .sort((a, b) => b.percent - a.percent || a.login.localeCompare(b.login));
        if (values.json) io.stdout(`${JSON.stringify(lines, null, 2)}\n`);
        else if (values.csv) {
          io.stdout('login,address,used_bytes,limit_bytes,percent,messages\n');
          for (const l of lines) io.stdout(`${l.login},${l.address},${l.usedBytes},${l.limitBytes},${l.percent},${l.messages}\n`);
        } else {
          io.stdout(
            formatTable(
              ['IDENTIFIANT', 'ADRESSE', 'UTILISÉ', 'LIMITE', 'TAUX', 'MESSAGES'],
              lines.map((l) => [l.login, l.address, formatMegabytes(l.usedBytes), formatMegabytes(l.limitBytes), percentText(l.percent), String(l.messages)]),
            ),
          );
        }
        return 0;
      }
      case 'set': {
        const [who, size, ...extra] = rest;
        if (!who || !size || extra.length > 0) throw new UsageError('quota set LOGIN TAILLE (ex. 100M) ou quota set LOGIN default');
        const account = findAccount(services, who, io);
        if (!account) return 1;
        const bytes = size === 'default' ? null : parseSize(size);
        services.accounts.setQuota(account.id, bytes);
        const limit = services.policy.limitFor({ quotaBytes: bytes });
        services.warnings.check(account.id);
        io.stdout(`Quota de ${account.login} : ${formatMegabytes(limit)}${bytes === null ? ' (valeur par défaut)' : ''}.\n`);
        return 0;
      }
      case 'recalc': {
        const who = rest[0];
        const accounts = who ? [findAccount(services, who, io)] : services.accounts.list();
        if (accounts.some((a) => a === null)) return 1;
        let drifted = 0;
        for (const account of accounts as Account[]) {
          const { before, after } = services.store.recalcUsage(account.id);
          if (before.usedBytes !== after.usedBytes || before.messageCount !== after.messageCount) {
            drifted++;
            io.stdout(
              `${account.login} : écart corrigé, ${before.usedBytes} → ${after.usedBytes} octets, ` +
                `${before.messageCount} → ${after.messageCount} messages\n`,
            );
          }
        }
        io.stdout(`${accounts.length} compte(s) recompté(s), ${drifted} écart(s).\n`);
        return 0;
      }
      default:
        throw new UsageError(`quota ${command ?? ''} : sous-commande inconnue (show, report, set, recalc)`);
    }
  } finally {
    services.db.close();
  }
}
