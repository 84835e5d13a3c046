/**
 * `webmel iprof campaign add|list|remove`: the promotion campaigns « Vos perspectives » lists
 * while they are open (src/portal/dossier/campaigns.ts). Exported for the `iprof` group
 * (iprof-commands.ts).
 */
import { PortalError, type Campaign } from '../portal/index.js';
import type { CliIo, CommandSpec } from './command.js';
import { formatTable } from './table.js';
import { withServices } from './with-services.js';

/** A refusal of the portal (a bad date, a bad link) is exit 1 with its message. */
function portalAction(io: CliIo, act: () => number): number {
  try {
    return act();
  } catch (err) {
    if (!(err instanceof PortalError)) throw err;
    io.stderr(`Erreur : ${err.message}\n`);
    return 1;
  }
}

const JSON_OPTION = { name: 'json', description: 'le résultat en JSON, pour les scripts' };
const describe = (c: Campaign) => `« ${c.title} » (${c.corps || 'tous corps'}), du ${c.opens} au ${c.closes}`;

const add: CommandSpec = {
  name: 'iprof campaign add',
  summary: 'annonce une campagne de promotion dans « Vos perspectives », du jour d’ouverture au jour de clôture inclus',
  options: [
    { name: 'titre', value: 'TITRE', description: 'ce que lisent les agents (ex. « Hors-classe 2027 des professeurs des écoles »)', required: true },
    { name: 'ouverture', value: 'AAAA-MM-JJ', description: 'premier jour', required: true },
    { name: 'cloture', value: 'AAAA-MM-JJ', description: 'dernier jour', required: true },
    { name: 'corps', value: 'CORPS', description: 'le corps concerné (ex. « professeur des écoles ») ; tous les corps sans cette option' },
    { name: 'lien', value: 'URL', description: 'où candidater (SIAP…)' },
    JSON_OPTION,
  ],
  run: ({ values, flags }, config, io) =>
    withServices(config, (services) =>
      portalAction(io, () => {
        const campaign = services.portal.campaigns.add({
          title: values.titre!,
          opens: values.ouverture!,
          closes: values.cloture!,
          corps: values.corps ?? '',
          url: values.lien ?? '',
        });
        io.stdout(flags.has('json') ? `${JSON.stringify(campaign)}\n` : `Campagne n° ${campaign.id} ajoutée : ${describe(campaign)}.\n`);
        return 0;
      }),
    ),
};

const list: CommandSpec = {
  name: 'iprof campaign list',
  summary: 'liste les campagnes de promotion, ouvertes, à venir ou closes',
  options: [JSON_OPTION],
  run: ({ flags }, config, io) =>
    withServices(config, (services) => {
      const campaigns = services.portal.campaigns.list();
      if (flags.has('json')) io.stdout(`${JSON.stringify(campaigns)}\n`);
      else if (campaigns.length === 0) io.stdout('Aucune campagne.\n');
      else io.stdout(formatTable(['N°', 'TITRE', 'CORPS', 'OUVERTURE', 'CLÔTURE', 'LIEN'], campaigns.map((c) => [String(c.id), c.title, c.corps || 'tous', c.opens, c.closes, c.url])));
      return 0;
    }),
};

const remove: CommandSpec = {
  name: 'iprof campaign remove',
  args: 'N°',
  arity: [1, 1],
  summary: 'retire une campagne (son numéro : webmel iprof campaign list)',
  run: ({ positionals: [id] }, config, io) =>
    withServices(config, (services) => {
      if (!/^\d+$/.test(id!)) {
        io.stderr(`Erreur : numéro de campagne invalide « ${id} » (voir webmel iprof campaign list).\n`);
        return 1;
      }
      if (!services.portal.campaigns.remove(Number(id))) {
        io.stderr(`Erreur : aucune campagne n° ${id}.\n`);
        return 1;
      }
      io.stdout(`Campagne n° ${id} retirée.\n`);
      return 0;
    }),
};

export const iprofCampaignCommands: CommandSpec[] = [add, list, remove];
