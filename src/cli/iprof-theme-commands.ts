/**
 * `webmel iprof theme add|list|remove`: the themes an agent may choose for a courrier to their
 * gestionnaire (« Choix du thème »). None: the form reads « pas de thème autorisé » and a
 * courrier goes without one. Removing a theme keeps it on the courriers written with it.
 */
import type { CliIo } from './command.js';
import { cliActor, JSON_OUTCOME_OPTION, printOutcome } from './cli-actor.js';
import { listing, portalAction, removal } from './iprof-commands.js';
import type { CommandSpec } from './command.js';
import { withServices } from './with-services.js';

const themeAdd: CommandSpec<number | Promise<number>> = {
  name: 'iprof theme add',
  summary: 'autorise un thème de « Votre courrier » (ex. « Mutation ») ; déjà là : rien ne change',
  args: 'THÈME',
  arity: [1, 1],
  options: [JSON_OUTCOME_OPTION],
  run: ({ flags, positionals }, config, io: CliIo) =>
    withServices(config, (services) => portalAction(io, () => {
      const { theme, created } = services.portalSettings.addTheme(cliActor(), positionals[0]!);
      printOutcome(io, flags, { theme, created }, created ? `Thème « ${theme} » autorisé.` : `Le thème « ${theme} » était déjà autorisé.`);
    })),
};

const themeList = listing({
  name: 'iprof theme list',
  summary: 'liste les thèmes de « Votre courrier », dans l’ordre du formulaire',
  items: (services) => services.portal.courrierThemes.list(),
  json: (theme) => ({ theme }),
  empty: 'Aucun thème : le formulaire affiche « pas de thème autorisé ».',
  header: ['THÈME'],
  row: (theme) => [theme],
});

const themeRemove = removal({
  name: 'iprof theme remove',
  summary: 'retire un thème du formulaire (les courriers qui le portent le gardent)',
  args: 'THÈME',
  key: 'theme',
  remove: (services, theme) => services.portalSettings.removeTheme(cliActor(), theme),
  done: (theme) => `Thème « ${theme} » retiré.`,
});

export const iprofThemeCommands = [themeAdd, themeList, themeRemove];
