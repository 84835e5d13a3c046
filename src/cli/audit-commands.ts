/** `webmel audit list`: the admins' actions, newest first (kept 12 months). */
import { parseDuration } from '../config.js';
import { UsageError, type CommandGroup } from './command.js';
import { formatTable } from './table.js';
import { withServices } from './with-services.js';

const list = {
  name: 'audit list',
  summary: 'actions d’administration (qui, quand, quoi, sur qui, pourquoi), les plus récentes d’abord',
  options: [
    { name: 'since', value: 'DURÉE', description: 'depuis combien de temps (ex. 24h, 30d ; tout par défaut, 12 mois au plus)' },
    { name: 'action', value: 'ACTION', description: 'une action (quota.set) ou une famille (quota)' },
    { name: 'target', value: 'LOGIN', description: 'le compte visé' },
    { name: 'actor', value: 'QUI', description: 'l’auteur (un identifiant, ou cli:utilisateur)' },
    { name: 'json', description: 'en JSON' },
  ],
  run: ({ values, flags }, config, io) => {
    let since: number | undefined;
    if (values.since !== undefined) {
      try {
        since = Date.now() - parseDuration(values.since, '--since');
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    }
    return withServices(config, (services) => {
      const entries = services.audit.list({ since, action: values.action, target: values.target, actor: values.actor, limit: 100_000 });
      if (flags.has('json')) {
        io.stdout(`${JSON.stringify(entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })), null, 2)}\n`);
      } else if (entries.length === 0) {
        io.stdout('Aucune action enregistrée.\n');
      } else {
        io.stdout(formatTable(
          ['DATE', 'AUTEUR', 'ACTION', 'COMPTE', 'MOTIF', 'DÉTAILS'],
          entries.map((e) => [
            new Date(e.at).toISOString().replace('T', ' ').slice(0, 19), e.actor, e.action, e.target ?? '', e.reason,
            Object.entries(e.details).map(([k, v]) => `${k}=${v}`).join(' '),
          ]),
        ));
      }
      return 0;
    });
  },
} satisfies CommandGroup['commands'][number];

export const auditGroup: CommandGroup = {
  name: 'audit',
  summary: 'Journal des actions d’administration (conservé 12 mois).',
  commands: [list],
};
