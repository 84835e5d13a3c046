/**
 * `webmel iprof service|guide` (issue 22): the administration configures « Les services » and
 * publishes « Les guides » from a terminal; `--json` prints what a script reads, and a refusal
 * exits 1, says why on stderr, prints nothing on stdout and changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Services } from '../../src/app.js';
import { cliIn, withServicesIn } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
const cli = cliIn(() => temp.dir);
const read = <T>(use: (s: Services) => T): T => withServicesIn(temp.dir, use);
const json = async (...argv: string[]) => {
  const result = await cli(...argv, '--json');
  expect(result, argv.join(' ')).toMatchObject({ code: 0, err: '' });
  return JSON.parse(result.out) as unknown;
};
const refused = async (...argv: string[]) => {
  const result = await cli(...argv);
  expect(result.code, argv.join(' ')).toBe(1);
  expect(result.out, argv.join(' ')).toBe('');
  expect(result.err, argv.join(' ')).toMatch(/^Erreur : \S/);
  return result.err;
};

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

it('adds, changes, lists and removes the applications of « Les services »', async () => {
  expect(await json('iprof', 'service', 'add', 'siam', '--name', 'SIAM – mutations', '--url', 'https://siam.invalid/', '--description', 'Vos demandes de mutation.', '--sso'))
    .toEqual({ code: 'SIAM', name: 'SIAM – mutations', description: 'Vos demandes de mutation.', url: 'https://siam.invalid/', sso: true, created: true });
  const text = await cli('iprof', 'service', 'add', 'SIAC', '--name', 'SIAC', '--url', 'https://siac.invalid/');
  expect(text).toEqual({ code: 0, out: 'Service SIAC ajouté : SIAC (https://siac.invalid/).\n', err: '' });
  expect(await json('iprof', 'service', 'add', 'SIAC', '--name', 'SIAC – concours', '--url', 'https://siac.invalid/inscription'))
    .toMatchObject({ code: 'SIAC', name: 'SIAC – concours', created: false });

  expect(await json('iprof', 'service', 'list')).toEqual([
    { code: 'SIAM', name: 'SIAM – mutations', description: 'Vos demandes de mutation.', url: 'https://siam.invalid/', sso: true },
    { code: 'SIAC', name: 'SIAC – concours', description: '', url: 'https://siac.invalid/inscription', sso: false },
  ]);
  const table = (await cli('iprof', 'service', 'list')).out;
  expect(table).toMatch(/^CODE +NOM +SSO +ADRESSE\nSIAM +SIAM – mutations +oui +https:\/\/siam\.invalid\/\n/);

  expect(await json('iprof', 'service', 'remove', 'siac')).toEqual({ code: 'SIAC', removed: true });
  expect(read((s) => s.portal.apps.list().map((a) => a.code))).toEqual(['SIAM']);
  const actions = (await json('audit', 'list')) as Array<{ action: string; target: string }>;
  expect(actions.map((e) => `${e.action} ${e.target}`).reverse()).toEqual(['iprof.service.set SIAM', 'iprof.service.set SIAC', 'iprof.service.set SIAC', 'iprof.service.remove SIAC']);
});

it('publishes, replaces, lists and removes guides written in Markdown', async () => {
  const file = path.join(temp.dir, 'mutation.md');
  fs.writeFileSync(file, '# Calendrier\r\n\r\nDu 1er au 15 mars.\r\n');
  const added = (await json('iprof', 'guide', 'add', 'mutation.md', '--theme', 'Mutations', '--title', 'Demander une mutation')) as Record<string, unknown>;
  expect(added).toMatchObject({ slug: 'demander-une-mutation', theme: 'Mutations', title: 'Demander une mutation', created: true });
  expect(added.updated_by).toMatch(/^cli/);
  expect(read((s) => s.portal.guides.get('demander-une-mutation')!.markdown)).toBe('# Calendrier\n\nDu 1er au 15 mars.\n');
  // The same slug again replaces the page.
  expect(await json('iprof', 'guide', 'add', file, '--theme', 'Mutations', '--title', 'Demander sa mutation', '--slug', 'demander-une-mutation'))
    .toMatchObject({ slug: 'demander-une-mutation', title: 'Demander sa mutation', created: false });
  expect((await cli('iprof', 'guide', 'add', file, '--theme', 'Promotions', '--title', 'Le rendez-vous de carrière')).out)
    .toBe('Guide « Le rendez-vous de carrière » publié : /iprof/guides/le-rendez-vous-de-carriere.\n');

  const list = (await json('iprof', 'guide', 'list')) as Array<Record<string, unknown>>;
  expect(list.map((g) => [g.theme, g.slug])).toEqual([['Mutations', 'demander-une-mutation'], ['Promotions', 'le-rendez-vous-de-carriere']]);
  expect((await cli('iprof', 'guide', 'list')).out).toMatch(/^IDENTIFIANT +THÈME +TITRE +MIS À JOUR\n/);

  expect(await json('iprof', 'guide', 'remove', 'le-rendez-vous-de-carriere')).toEqual({ slug: 'le-rendez-vous-de-carriere', removed: true });
  expect(read((s) => s.portal.guides.list().map((g) => g.slug))).toEqual(['demander-une-mutation']);
  expect((await cli('iprof', 'guide', 'list')).code).toBe(0);
});

it('says so when nothing is configured', async () => {
  expect(await cli('iprof', 'service', 'list')).toEqual({ code: 0, out: 'Aucun service.\n', err: '' });
  expect(await cli('iprof', 'guide', 'list')).toEqual({ code: 0, out: 'Aucun guide.\n', err: '' });
  expect(await json('iprof', 'guide', 'list')).toEqual([]);
});

it('refuses a wrong change with exit 1 and a message, changing nothing', async () => {
  fs.writeFileSync(path.join(temp.dir, 'vide.md'), '  \n');
  fs.writeFileSync(path.join(temp.dir, 'guide.md'), 'Texte.');
  expect(await refused('iprof', 'service', 'add', 'pas un code', '--name', 'X', '--url', 'https://x.invalid/')).toMatch(/Code invalide/);
  expect(await refused('iprof', 'service', 'add', 'SIAM', '--name', 'SIAM', '--url', 'javascript:alert(1)', '--json')).toMatch(/Adresse invalide/);
  expect(await refused('iprof', 'service', 'remove', 'INCONNU', '--json')).toMatch(/Service inconnu/);
  expect(await refused('iprof', 'guide', 'add', 'absent.md', '--theme', 'T', '--title', 'Titre')).toMatch(/Fichier illisible/);
  expect(await refused('iprof', 'guide', 'add', 'vide.md', '--theme', 'T', '--title', 'Titre', '--json')).toMatch(/vide/);
  expect(await refused('iprof', 'guide', 'add', 'guide.md', '--theme', 'T', '--title', 'Titre', '--slug', 'Pas Bon')).toMatch(/Identifiant invalide/);
  expect(await refused('iprof', 'guide', 'remove', 'nulle-part')).toMatch(/Guide inconnu/);
  expect(read((s) => [s.portal.apps.list().length, s.portal.guides.list().length])).toEqual([0, 0]);
  // A usage error is exit 2, as for every command.
  expect((await cli('iprof', 'service', 'add', 'SIAM')).code).toBe(2);
});

it('sets the themes of « Votre courrier », which its form offers, and refuses a bad one', async () => {
  expect((await cli('iprof', 'theme', 'list')).out).toBe('Aucun thème : le formulaire affiche « pas de thème autorisé ».\n');
  expect(await json('iprof', 'theme', 'add', '  Mutation ')).toEqual({ theme: 'Mutation', created: true });
  expect(await json('iprof', 'theme', 'add', 'mutation')).toEqual({ theme: 'Mutation', created: false });
  expect((await cli('iprof', 'theme', 'add', 'Promotion')).out).toBe('Thème « Promotion » autorisé.\n');
  expect(await json('iprof', 'theme', 'list')).toEqual([{ theme: 'Mutation' }, { theme: 'Promotion' }]);
  expect(await refused('iprof', 'theme', 'add', 'x'.repeat(81))).toContain('de 1 à 80 caractères');
  expect(await refused('iprof', 'theme', 'remove', 'Vacances')).toContain('Thème inconnu : Vacances.');
  expect(await json('iprof', 'theme', 'remove', 'Mutation')).toEqual({ theme: 'Mutation', removed: true });
  expect(read((s) => s.portal.courrierThemes.list())).toEqual(['Promotion']);
  expect(read((s) => s.audit.list().map((e) => [e.action, e.target]))).toEqual([
    ['iprof.theme.remove', 'Mutation'],
    ['iprof.theme.add', 'Promotion'],
    ['iprof.theme.add', 'Mutation'],
  ]);
});
