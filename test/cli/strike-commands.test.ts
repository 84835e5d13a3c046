import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uaiWithCheckLetter } from '../../src/directory/index.js';
import { cliIn } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
const cli = cliIn(() => temp.dir);

const CIRCO = uaiWithCheckLetter('0133300');
const ECOLE = uaiWithCheckLetter('0131234');
const COLLEGE = uaiWithCheckLetter('0132345');

beforeEach(async () => {
  temp = makeTempDir();
  fs.writeFileSync(
    path.join(temp.dir, 'structures.csv'),
    [
      'uai;type;nom;commune;code_postal;degre;secteur;circonscription;zone;semaine',
      `${CIRCO};circonscription;Marseille 5 – Saint-Just;Marseille;13013;1d;public;;B;`,
      `${ECOLE};ecole_elementaire;École élémentaire Jean Jaurès;Marseille;13013;1d;public;${CIRCO};B;4j`,
      `${COLLEGE};college;Collège Louise Michel;Marseille;13013;2d;public;;B;`,
    ].join('\n'),
  );
  expect((await cli('directory', 'import', 'structures.csv', '--json')).code).toBe(0);
});
afterEach(() => temp.cleanup());

describe('webmel strike deadline', () => {
  it('prints the JSON contract with the Paris offset of the deadline day', async () => {
    const winter = await cli('strike', 'deadline', '--uai', ECOLE.toLowerCase(), '--date', '2026-12-14', '--json');
    expect(winter.code).toBe(0);
    expect(JSON.parse(winter.out)).toStrictEqual({ uai: ECOLE, date: '2026-12-14', deadline: '2026-12-10T23:59:59+01:00' });
    const summer = await cli('strike', 'deadline', '--uai', ECOLE, '--date', '2027-06-07', '--json');
    expect(JSON.parse(summer.out).deadline).toBe('2027-06-03T23:59:59+02:00');
    const text = await cli('strike', 'deadline', '--uai', ECOLE, '--date', '2026-12-14');
    expect(text.out).toContain('au plus tard le jeudi 10 décembre 2026 à 23 h 59');
  });

  it('exits non-zero with a clear message for an unknown UAI, a collège or a malformed date', async () => {
    for (const [args, message] of [
      [['--uai', '0139999Z', '--date', '2026-12-14'], /UAI inconnu/],
      [['--uai', COLLEGE, '--date', '2026-12-14'], /n’est pas une école/],
      [['--uai', ECOLE, '--date', '2026-02-30'], /Date invalide/],
    ] as const) {
      const result = await cli('strike', 'deadline', ...args, '--json');
      expect(result.code).toBe(1);
      expect(result.out).toBe('');
      expect(result.err).toMatch(message);
    }
    expect((await cli('strike', 'deadline', '--uai', ECOLE)).code).toBe(2);
  });

  it('moves the deadline when school holidays are entered with calendar holiday add', async () => {
    const added = await cli('calendar', 'holiday', 'add', '--zone', 'B', '--from', '2026-12-19', '--to', '2027-01-03', '--label', 'Vacances de Noël', '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ zone: 'B', from: '2026-12-19', to: '2027-01-03', label: 'Vacances de Noël', added: true });
    const result = await cli('strike', 'deadline', '--uai', ECOLE, '--date', '2027-01-04', '--json');
    expect(JSON.parse(result.out).deadline).toBe('2026-12-17T23:59:59+01:00');
    const list = await cli('calendar', 'holiday', 'list', '--json');
    expect(JSON.parse(list.out)).toEqual([{ id: 1, zone: 'B', from: '2026-12-19', to: '2027-01-03', label: 'Vacances de Noël' }]);
    const wrong = await cli('calendar', 'holiday', 'add', '--zone', 'Z', '--from', '2026-12-19', '--to', '2027-01-03', '--label', 'x');
    expect(wrong.code).not.toBe(0);
  });
});

describe('webmel strike preavis and report', () => {
  it('registers and lists préavis', async () => {
    const added = await cli('strike', 'preavis', 'add', '--union', 'SNUipp-FSU', '--from', '2026-12-17', '--to', '2026-12-18', '--ref', 'P-2026-12', '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ id: 1, union: 'SNUipp-FSU', from: '2026-12-17', to: '2026-12-18', ref: 'P-2026-12' });
    const list = await cli('strike', 'preavis', 'list', '--json');
    expect(JSON.parse(list.out)).toHaveLength(1);
    expect((await cli('strike', 'preavis', 'list')).out).toContain('SNUipp-FSU');
    const backwards = await cli('strike', 'preavis', 'add', '--union', 'X', '--from', '2026-12-18', '--to', '2026-12-17');
    expect(backwards.code).toBe(1);
    expect(backwards.err).toMatch(/précède/);
  });

  it('reports counts per école of a circonscription, with the 25 % flag', async () => {
    const result = await cli('strike', 'report', '--date', '2026-12-17', '--circonscription', CIRCO, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual([
      { circonscription: CIRCO, uai: ECOLE, ecole: 'École élémentaire Jean Jaurès', commune: 'Marseille', declarants: 0, effectif: 0, seuil_25: false },
    ]);
  });
});
