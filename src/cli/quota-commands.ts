/** `webmel quota show|report|set|recalc`: admins inspect and manage mailbox usage. */
import type { Account } from '../accounts/account-store.js';
import type { Services } from '../services.js';
import { formatMegabytes, parseSize } from '../quota/policy.js';
import { parseDuration } from '../config.js';
import { UsageError, type CliIo, type CommandGroup } from './command.js';
import { MAX_QUOTA_BYTES, MIN_QUOTA_BYTES } from '../admin/index.js';
import { adminAction, cliActor, JSON_OUTCOME_OPTION, printOutcome, REASON_OPTION } from './cli-actor.js';
import { formatTable } from './table.js';
import { withServices } from './with-services.js';

/**
 * What `quota set` accepts. Below a megabyte a mailbox cannot hold an ordinary message with an
 * attachment, and zero would refuse all mail at once; above a terabyte the figure is a typing
 * error (a unit too many), not a quota any académie gives.
 */

/** The limit `quota set` stores: bytes, or null for the académie default. Invalid: exit 1, as any refused value. */
function quotaLimit(text: string): number | null {
  if (text === 'default') return null;
  const bytes = parseSize(text);
  if (bytes < MIN_QUOTA_BYTES || bytes > MAX_QUOTA_BYTES) {
    throw new Error(`Quota refusé : « ${text} » (${formatMegabytes(bytes)}). Indiquez entre 1 Mo et 1 To, par exemple 100M ou 2G, ou « default ».`);
  }
  return bytes;
}

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

function findAccount(services: Services, who: string, io: CliIo): Account | null {
  const account = services.accounts.byLoginOrAddress(who);
  if (!account) io.stderr(`Aucun compte « ${who} ».\n`);
  return account;
}

const percentText = (percent: number) => `${percent.toLocaleString('fr-FR')} %`;

export const quotaGroup: CommandGroup = {
  name: 'quota',
  summary: "Consulter et gérer l'espace occupé par les boîtes aux lettres.",
  commands: [
    {
      name: 'quota show',
      args: 'LOGIN|ADRESSE',
      arity: [1, 1],
      summary: "espace occupé par un compte, sa limite et le détail par dossier",
      options: [{ name: 'json', description: 'en JSON, pour les scripts' }],
      run: ({ flags, positionals: [who] }, config, io) =>
        withServices(config, (services) => {
          const account = findAccount(services, who!, io);
          if (!account) return 1;
          const line = quotaLine(services, account);
          const folders = services.store.folderUsage(account.id);
          if (flags.has('json')) {
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
        }),
    },
    {
      name: 'quota report',
      summary: 'tous les comptes, du plus rempli au moins rempli',
      options: [
        { name: 'over', value: 'POURCENT', description: 'seulement les comptes remplis à au moins ce pourcentage (ex. 80)' },
        { name: 'json', description: 'en JSON' },
        { name: 'csv', description: 'en CSV, pour un tableur' },
      ],
      run: ({ values, flags }, config, io) => {
        const over = values.over === undefined ? 0 : Number(values.over);
        if (!Number.isFinite(over) || over < 0) throw new UsageError('--over attend un pourcentage, par exemple 80');
        return withServices(config, (services) => {
          const lines = services.accounts
            .list()
            .map((account) => quotaLine(services, account))
            .filter((line) => line.percent >= over)
            .sort((a, b) => b.percent - a.percent || a.login.localeCompare(b.login));
          if (flags.has('json')) io.stdout(`${JSON.stringify(lines, null, 2)}\n`);
          else if (flags.has('csv')) {
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
        });
      },
    },
    {
      name: 'quota set',
      args: 'LOGIN TAILLE|default',
      arity: [2, 2],
      summary: "fixe la limite d'un compte, de 1 Mo à 1 To (ex. 100M, 2G), ou « default » : celle de l'académie",
      options: [REASON_OPTION, JSON_OUTCOME_OPTION],
      run: ({ positionals: [who, size], values, flags }, config, io) => {
        // Checked before the account is looked up: a wrong size is the same mistake for any account.
        const bytes = quotaLimit(size!);
        return withServices(config, (services) =>
          adminAction(io, () => {
            const account = services.admin.setQuota({ login: cliActor() }, who!, bytes, values.reason ?? '');
            const limit = services.policy.limitFor(account);
            printOutcome(io, flags, { login: account.login, quota_bytes: account.quotaBytes, limit_bytes: limit },
              `Quota de ${account.login} : ${formatMegabytes(limit)}${bytes === null ? ' (valeur par défaut)' : ''}.`);
          }),
        );
      },
    },
    {
      name: 'quota recalc',
      args: '[LOGIN]',
      arity: [0, 1],
      summary: 'recompte l\'espace occupé depuis les messages et signale tout écart',
      options: [{ name: 'json', description: 'un objet JSON {"accounts","drifted","drifts":[{"login","before","after","drift"}]}' }],
      run: ({ positionals: [who], flags }, config, io) =>
        withServices(config, (services) =>
          adminAction(io, () => {
            const actor = { login: cliActor() };
            const { accounts, drifts } = who ? { accounts: 1, drifts: [services.admin.recalc(actor, who)].filter((d) => d.drift !== 0) } : services.admin.recalcAll(actor);
            if (flags.has('json')) {
              io.stdout(`${JSON.stringify({ accounts, drifted: drifts.length, drifts })}\n`);
              return;
            }
            for (const d of drifts) io.stdout(`${d.login} : écart corrigé, ${d.before} → ${d.after} octets\n`);
            io.stdout(`${accounts} compte(s) recompté(s), ${drifts.length} écart(s).\n`);
          }),
        ),
    },
    {
      name: 'quota refusals',
      summary: 'messages refusés à la distribution (boîte pleine, inconnue, désactivée), les plus récents d’abord',
      options: [
        { name: 'since', value: 'DURÉE', description: 'depuis combien de temps (ex. 24h, 7d ; 24h par défaut ; conservés 30 jours)' },
        { name: 'json', description: 'en JSON' },
      ],
      run: ({ values, flags }, config, io) => {
        let sinceMs: number;
        try {
          sinceMs = parseDuration(values.since ?? '24h', '--since');
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        return withServices(config, (services) => {
          const refusals = services.refusals.list({ since: Date.now() - sinceMs, limit: 100_000 });
          if (flags.has('json')) {
            io.stdout(`${JSON.stringify(refusals.map((r) => ({ at: new Date(r.at).toISOString(), recipient: r.recipient, sender: r.sender, size: r.size, code: r.code, reason: r.reason })), null, 2)}\n`);
          } else if (refusals.length === 0) {
            io.stdout(`Aucun refus depuis ${values.since ?? '24h'}.\n`);
          } else {
            const full = refusals.filter((r) => r.reason === 'full').length;
            io.stdout(
              formatTable(
                ['DATE', 'DESTINATAIRE', 'EXPÉDITEUR', 'TAILLE', 'RÉPONSE'],
                refusals.map((r) => [new Date(r.at).toISOString().replace('T', ' ').slice(0, 19), r.recipient, r.sender || '<>', formatMegabytes(r.size), r.code]),
              ),
            );
            io.stdout(`${refusals.length} refus, dont ${full} pour boîte pleine.\n`);
          }
          return 0;
        });
      },
    },
    {
      name: 'quota remind',
      args: 'LOGIN|ADRESSE',
      arity: [1, 1],
      summary: 'envoie le rappel « pensez à vider votre messagerie », avec ses chiffres',
      options: [JSON_OUTCOME_OPTION],
      run: ({ positionals: [who], flags }, config, io) =>
        withServices(config, (services) => adminAction(io, () => {
          services.admin.remind({ login: cliActor() }, who!);
          const account = services.admin.account(who!);
          printOutcome(io, flags, { login: account.login, address: account.address, sent: true }, `Rappel envoyé à ${account.login} <${account.address}>.`);
        })),
    },
    {
      name: 'quota purge-trash',
      args: 'LOGIN|ADRESSE',
      arity: [1, 1],
      summary: 'vide définitivement la Corbeille du compte',
      options: [{ name: 'json', description: 'un objet JSON {"messages","bytes"}' }],
      run: ({ positionals: [who], flags }, config, io) =>
        withServices(config, (services) => adminAction(io, () => {
          const freed = services.admin.purgeTrash({ login: cliActor() }, who!);
          io.stdout(flags.has('json') ? `${JSON.stringify(freed)}\n` : `Corbeille vidée : ${freed.messages} message(s), ${formatMegabytes(freed.bytes)} libérés.\n`);
        })),
    },
  ],
};
