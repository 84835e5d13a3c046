/**
 * `webmel iprof …`: I-Prof's administration from a terminal (issue 22). Here « Les services »
 * (`iprof service add|list|remove`) and « Les guides » (`iprof guide add|list|remove`).
 *
 * The group is assembled from parts: each part of I-Prof declares its subcommands in its own
 * file (`iprof import`, `iprof campaign`, `iprof theme`… beside their code) as an array, and
 * run-cli.ts hands them all to `iprofGroup`, so that adding one edits no other part's file.
 * `portalAction` is the refusal rule they share: a PortalError is exit 1, its message on
 * stderr, nothing on stdout. Every change goes through PortalSettings (src/admin), which writes
 * it to the audit log in its transaction, as the console does.
 */
import fs from 'node:fs';
import { PortalError, type Guide, type PortalApp } from '../portal/index.js';
import type { Services } from '../services.js';
import { cliActor, JSON_OUTCOME_OPTION, printOutcome, refusableAction } from './cli-actor.js';
import type { CliIo, CommandGroup, CommandSpec } from './command.js';
import { resolveFile } from './directory-commands.js';
import { formatTable, shortDate } from './table.js';
import { withServices } from './with-services.js';

type IprofCommand = CommandSpec<number | Promise<number>>;

/** Runs an I-Prof change; its refusal (a bad code, an unknown guide) is exit 1 with its message. */
export function portalAction(io: CliIo, act: () => void): number {
  return refusableAction(io, (err): err is PortalError => err instanceof PortalError, act);
}

/** A listing: JSON for scripts, a table for a person, a sentence when there is nothing. */
export function listing<T>(spec: Pick<IprofCommand, 'name' | 'summary'> & {
  items: (services: Services) => T[];
  json: (item: T) => Record<string, unknown>;
  empty: string;
  header: string[];
  row: (item: T) => string[];
}): IprofCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    options: [{ name: 'json', description: 'résultat en JSON' }],
    run: ({ flags }, config, io) =>
      withServices(config, (services) => {
        const items = spec.items(services);
        if (flags.has('json')) io.stdout(`${JSON.stringify(items.map(spec.json), null, 2)}\n`);
        else if (items.length === 0) io.stdout(`${spec.empty}\n`);
        else io.stdout(formatTable(spec.header, items.map(spec.row)));
        return 0;
      }),
  };
}

/** A removal by key, audited by PortalSettings; an unknown key is a refusal. */
export function removal(spec: Pick<IprofCommand, 'name' | 'summary' | 'args'> & {
  /** The JSON outcome's name for the key. */
  key: string;
  remove: (services: Services, typed: string) => string;
  done: (key: string) => string;
}): IprofCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    args: spec.args,
    arity: [1, 1],
    options: [JSON_OUTCOME_OPTION],
    run: ({ flags, positionals }, config, io) =>
      withServices(config, (services) => portalAction(io, () => {
        const key = spec.remove(services, positionals[0]!);
        printOutcome(io, flags, { [spec.key]: key, removed: true }, spec.done(key));
      })),
  };
}

const appJson = (app: PortalApp) => ({ code: app.code, name: app.name, description: app.description, url: app.url, sso: app.sso });

const serviceAdd: IprofCommand = {
  name: 'iprof service add',
  summary: 'ajoute à « Les services » une application (SIAM, SIAP, SIAC…), ou modifie celle qui a ce code',
  args: 'CODE',
  arity: [1, 1],
  options: [
    { name: 'name', value: 'NOM', description: 'nom affiché (ex. « SIAM – mutations »)', required: true },
    { name: 'url', value: 'ADRESSE', description: 'adresse http(s) de l’application', required: true },
    { name: 'description', value: 'TEXTE', description: 'ce que l’agent y fait, affiché sous le nom' },
    { name: 'sso', description: 'l’application accepte notre session : elle reçoit un ticket à usage unique, à valider sur /iprof/services/validation' },
    JSON_OUTCOME_OPTION,
  ],
  run: ({ values, flags, positionals }, config, io) =>
    withServices(config, (services) => portalAction(io, () => {
      const input = { code: positionals[0]!, name: values.name!, url: values.url!, description: values.description ?? '', sso: flags.has('sso') };
      const { app, created } = services.portalSettings.setService(cliActor(), input);
      printOutcome(io, flags, { ...appJson(app), created }, `Service ${app.code} ${created ? 'ajouté' : 'modifié'} : ${app.name} (${app.url}${app.sso ? ', sans nouvelle authentification' : ''}).`);
    })),
};

const serviceList = listing({
  name: 'iprof service list',
  summary: 'liste les applications de « Les services », dans l’ordre de la page',
  items: (services) => services.portal.apps.list(),
  json: appJson,
  empty: 'Aucun service.',
  header: ['CODE', 'NOM', 'SSO', 'ADRESSE'],
  row: (a) => [a.code, a.name, a.sso ? 'oui' : 'non', a.url],
});

const serviceRemove = removal({
  name: 'iprof service remove',
  summary: 'retire une application de « Les services » (ses tickets en cours ne valent plus rien)',
  args: 'CODE',
  key: 'code',
  remove: (services, code) => services.portalSettings.removeService(cliActor(), code),
  done: (code) => `Service ${code} retiré.`,
});

function readMarkdown(io: CliIo, file: string): string {
  try {
    return (file === '-' ? fs.readFileSync(0) : fs.readFileSync(resolveFile(io, file))).toString('utf8');
  } catch (err) {
    throw new PortalError(`Fichier illisible : ${file} (${(err as NodeJS.ErrnoException).code ?? 'erreur'}).`);
  }
}

const guideJson = (guide: Guide) => ({ slug: guide.slug, theme: guide.theme, title: guide.title, updated_at: new Date(guide.updatedAt).toISOString(), updated_by: guide.updatedBy });

const guideAdd: IprofCommand = {
  name: 'iprof guide add',
  summary: 'publie dans « Les guides » une page écrite en Markdown, ou remplace celle qui a cet identifiant',
  args: 'FICHIER.md',
  arity: [1, 1],
  options: [
    { name: 'theme', value: 'THÈME', description: 'rubrique de la liste (ex. « Mutations »)', required: true },
    { name: 'title', value: 'TITRE', description: 'titre de la page', required: true },
    { name: 'slug', value: 'IDENTIFIANT', description: 'dernier mot de l’adresse /iprof/guides/… ; tiré du titre par défaut' },
    JSON_OUTCOME_OPTION,
  ],
  run: ({ values, flags, positionals }, config, io) =>
    withServices(config, (services) => portalAction(io, () => {
      const markdown = readMarkdown(io, positionals[0]!);
      const input = { theme: values.theme!, title: values.title!, markdown, ...(values.slug ? { slug: values.slug } : {}) };
      const { guide, created } = services.portalSettings.setGuide(cliActor(), input, { replace: true });
      printOutcome(io, flags, { ...guideJson(guide), created }, `Guide « ${guide.title} » ${created ? 'publié' : 'mis à jour'} : /iprof/guides/${guide.slug}.`);
    })),
};

const guideList = listing({
  name: 'iprof guide list',
  summary: 'liste les guides, par thème puis titre',
  items: (services) => services.portal.guides.list(),
  json: guideJson,
  empty: 'Aucun guide.',
  header: ['IDENTIFIANT', 'THÈME', 'TITRE', 'MIS À JOUR'],
  row: (g) => [g.slug, g.theme, g.title, shortDate(g.updatedAt)],
});

const guideRemove = removal({
  name: 'iprof guide remove',
  summary: 'retire un guide de « Les guides »',
  args: 'IDENTIFIANT',
  key: 'slug',
  remove: (services, slug) => services.portalSettings.removeGuide(cliActor(), slug),
  done: (slug) => `Guide ${slug} retiré.`,
});

/** « Les services » and « Les guides »: their subcommands, for `iprofGroup`. */
export const iprofServiceCommands: readonly IprofCommand[] = [serviceAdd, serviceList, serviceRemove];
export const iprofGuideCommands: readonly IprofCommand[] = [guideAdd, guideList, guideRemove];

/** `webmel iprof`, from the subcommands of each part (run-cli.ts lists the parts). */
export function iprofGroup(...parts: ReadonlyArray<readonly IprofCommand[]>): CommandGroup<number | Promise<number>> {
  return { name: 'iprof', summary: 'I-Prof : services, guides et autres réglages du portail carrière.', commands: parts.flat() };
}
