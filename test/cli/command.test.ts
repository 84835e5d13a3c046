import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { cliIn } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;

const cli = cliIn(() => temp.dir);

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const EVERY_COMMAND = [
  ['serve'],
  ['user', 'add'],
  ['user', 'list'],
  ['user', 'disable'],
  ['user', 'enable'],
  ['user', 'lockouts'],
  ['user', 'unlock'],
  ['quota', 'show'],
  ['quota', 'report'],
  ['quota', 'set'],
  ['quota', 'recalc'],
  ['queue', 'list'],
  ['queue', 'retry'],
  ['queue', 'drop'],
];

describe('webmel --help', () => {
  it.each(EVERY_COMMAND)('answers --help and -h for %s %s in French, with exit 0', async (...command) => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = await cli(...command, flag);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toContain(`Usage : webmel ${command.join(' ')}`);
      expect(out).toMatch(/^ {2}-h, --help +affiche cette aide$/m);
    }
  });

  it('lists every option of user add', async () => {
    const { out } = await cli('user', 'add', '--help');
    for (const option of ['prenom', 'nom', 'numen', 'naissance', 'role', 'degree', 'sector', 'uai', 'circonscription', 'fonction']) {
      expect(out).toMatch(new RegExp(`^  --${option} `, 'm'));
    }
    expect(out).toContain('enseignant, directeur, ien, gestionnaire, admin');
  });

  it('lists the subcommands of each group', async () => {
    const quota = await cli('quota', '--help');
    expect(quota.code).toBe(0);
    expect(quota.out).toMatch(/Sous-commandes :\n {2}show LOGIN\|ADRESSE.*\n {2}report .*\n {2}set LOGIN TAILLE\|default.*\n(?: {4,}.*\n)? {2}recalc \[LOGIN\].*\n {2}refusals /);
    const user = (await cli('user', '-h')).out;
    for (const line of ['add --prenom PRÉNOM', 'list', 'disable LOGIN', 'enable LOGIN', 'lockouts', 'unlock LOGIN']) expect(user).toMatch(new RegExp(`^ {2}${line} `, 'm'));
    const queue = (await cli('queue', '--help')).out;
    for (const line of ['list', 'retry N°', 'drop N°']) expect(queue).toMatch(new RegExp(`^ {2}${line} `, 'm'));
  });

  it('answers help before reading the configuration, so a wrong setting does not hide it', async () => {
    let out = '';
    const code = await runCli(['quota', 'set', '--help'], { stdout: (t) => (out += t), stderr: () => {}, env: { WEBMEL_SMTP_PORT: 'abc' }, cwd: temp.dir });
    expect(code).toBe(0);
    expect(out).toContain('Usage : webmel quota set LOGIN TAILLE|default');
  });

  it('points a missing subcommand to the group help, with exit 2', async () => {
    expect(await cli('quota')).toMatchObject({ code: 2, err: 'quota : indiquez une sous-commande (show, report, set, recalc, refusals, remind, purge-trash)\nAide : webmel quota --help\n' });
  });
});

describe('webmel options', () => {
  it.each(EVERY_COMMAND)('reports an unknown option of %s %s in French, naming it, with exit 2', async (...command) => {
    const { code, err } = await cli(...command, '--foo');
    expect(code).toBe(2);
    expect(err).toBe(`option inconnue : --foo\nAide : webmel ${command.join(' ')} --help\n`);
  });

  it('names an unknown short option or one given with a value', async () => {
    expect((await cli('user', 'list', '-x')).err).toContain('option inconnue : -x\n');
    expect((await cli('quota', 'report', '--bar=3')).err).toContain('option inconnue : --bar\n');
  });

  it('refuses an option missing its value, a value for a flag and extra arguments', async () => {
    expect(await cli('user', 'add', '--prenom', '--nom', 'B', '--numen', '02G0512345ABC')).toMatchObject({ code: 2, err: expect.stringContaining("l'option --prenom attend une valeur (PRÉNOM)") });
    expect(await cli('user', 'list', '--json=oui')).toMatchObject({ code: 2, err: expect.stringContaining("l'option --json ne prend pas de valeur") });
    expect(await cli('user', 'list', 'tous')).toMatchObject({ code: 2, err: expect.stringContaining('user list : argument en trop « tous »') });
    expect(await cli('user', 'disable')).toMatchObject({ code: 2, err: expect.stringContaining('user disable demande LOGIN') });
    expect(await cli('user', 'add', '--prenom', 'A')).toMatchObject({ code: 2, err: expect.stringContaining('user add demande --nom et --numen') });
  });

  it('accepts options in --name=value form and after --, arguments that start with a dash', async () => {
    const added = await cli('user', 'add', '--prenom=Charlotte', '--nom', 'Habotté', '--numen=02G0512345ABC');
    expect(added).toMatchObject({ code: 0, out: expect.stringContaining('identifiant chabotte') });
    expect(await cli('user', 'disable', '--', '-chabotte')).toMatchObject({ code: 1, err: 'Erreur : Aucun compte « -chabotte ».\n' });
  });
});
