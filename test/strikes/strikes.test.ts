import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { StrikeError, Strikes, type StrikeViewer } from '../../src/strikes/index.js';
import { PEOPLE, PERSONS, STRUCTURES, UAI, person } from '../helpers/directory-fixtures.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
let clock: number;
let strikes: Strikes;

/** Zone B's school holidays of two school years, as an admin would enter them (test data). */
const ZONE_B = [
  ['2026-10-17', '2026-11-01', 'Toussaint'],
  ['2026-12-19', '2027-01-03', 'Noël'],
  ['2027-02-20', '2027-03-07', 'Hiver'],
  ['2027-04-17', '2027-05-02', 'Printemps'],
  ['2027-07-03', '2027-08-31', 'Été'],
  ['2027-10-23', '2027-11-07', 'Toussaint'],
  ['2027-12-18', '2028-01-02', 'Noël'],
  ['2028-02-12', '2028-02-27', 'Hiver'],
  ['2028-04-08', '2028-04-23', 'Printemps'],
  ['2028-07-08', '2028-08-31', 'Été'],
] as const;

/** Extra teachers of Jean Jaurès, for the headcount. */
const EXTRA_TEACHERS = ['Abel', 'Brun', 'Caron', 'Diaz', 'Esnault'].map((nom) => person({ nom, prenom: 'Test', address: `test.${nom.toLowerCase()}@ac-test.fr`, affectations: [UAI.ecole] }));

beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
  const writer = services.directory.writer;
  writer.transaction(() => {
    for (const s of STRUCTURES) writer.upsertStructure(s);
    for (const p of PERSONS) writer.upsertPerson(p.address === PEOPLE.directeur.address ? { ...p, dechargeTotale: true } : p);
    for (const p of EXTRA_TEACHERS) writer.upsertPerson(p);
  });
  for (const [from, to, label] of ZONE_B) services.holidays.add({ zone: 'B', from, to, label });
  clock = Date.parse('2026-12-07T10:00:00+01:00');
  strikes = new Strikes({ db: services.db, directory: services.directory, holidays: services.holidays, retentionDays: 90, now: () => clock });
});
afterEach(() => {
  services.db.close();
  temp.cleanup();
});

function viewer(p: { prenom: string; nom: string; address: string }, role = 'enseignant'): StrikeViewer {
  const account = services.accounts.byAddress(p.address) ?? services.accounts.create({ prenom: p.prenom, nom: p.nom, numen: testNumen(), address: p.address });
  return { accountId: account.id, address: account.address, role };
}

const deadlineDay = (uai: string, date: string) => strikes.deadline(uai, date).deadline.slice(0, 10);

// ---------------------------------------------------------------------------------------------
// An independent statement of the rule, day by day, from its words: the latest day X before D
// such that the whole days strictly between them are at least two and at least one of them has
// classes. Class days here come from literal lists, not from src/calendar.
const LITERAL_PUBLIC_HOLIDAYS = new Set([
  '2026-11-01', '2026-11-11', '2026-12-25', '2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08',
  '2027-05-17', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25', '2028-01-01', '2028-04-17',
  '2028-05-01', '2028-05-08', '2028-05-25', '2028-06-05', '2028-07-14', '2028-08-15',
]);
function literalDay(offset: number, from = '2026-08-01'): string {
  const d = new Date(`${from}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
function literalClassDay(day: string, wednesday: boolean): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  const teaches = weekday === 1 || weekday === 2 || weekday === 4 || weekday === 5 || (wednesday && weekday === 3);
  return teaches && !LITERAL_PUBLIC_HOLIDAYS.has(day) && !ZONE_B.some(([from, to]) => from <= day && day <= to);
}
function ruleDeadline(strikeDay: string, wednesday: boolean): string {
  const all = Array.from({ length: 800 }, (_, i) => literalDay(i));
  const d = all.indexOf(strikeDay);
  for (let x = d - 1; x >= 0; x--) {
    const between = all.slice(x + 1, d);
    if (between.length >= 2 && between.some((day) => literalClassDay(day, wednesday))) return all[x]!;
  }
  throw new Error('none');
}
// ---------------------------------------------------------------------------------------------

describe('the deadline', () => {
  it('matches the rule stated day by day over two whole school years, for both week patterns', () => {
    let checked = 0;
    for (let i = 31; i < 31 + 700; i++) {
      const day = literalDay(i); // 2026-09-01 → 2028-08-01
      expect(deadlineDay(UAI.ecole, day), `4j ${day}`).toBe(ruleDeadline(day, false));
      expect(deadlineDay(UAI.maternelle, day), `4.5j ${day}`).toBe(ruleDeadline(day, true));
      checked++;
    }
    expect(checked).toBe(700);
  });

  it('gives the published table for an ordinary week (domain.md §1.5)', () => {
    expect(deadlineDay(UAI.ecole, '2026-12-14')).toBe('2026-12-10'); // lundi → jeudi
    expect(deadlineDay(UAI.ecole, '2026-12-15')).toBe('2026-12-12'); // mardi → samedi
    expect(deadlineDay(UAI.ecole, '2026-12-17')).toBe('2026-12-14'); // jeudi → lundi
    expect(deadlineDay(UAI.ecole, '2026-12-18')).toBe('2026-12-15'); // vendredi → mardi
    expect(deadlineDay(UAI.maternelle, '2026-12-16')).toBe('2026-12-13'); // mercredi → dimanche
    expect(deadlineDay(UAI.maternelle, '2026-12-17')).toBe('2026-12-14'); // jeudi → lundi
  });

  it('moves back over public holidays and school holidays', () => {
    expect(deadlineDay(UAI.ecole, '2027-03-30')).toBe('2027-03-25'); // lundi de Pâques: no class between
    expect(deadlineDay(UAI.ecole, '2027-05-07')).toBe('2027-05-03'); // Ascension on the Thursday
    expect(deadlineDay(UAI.ecole, '2027-11-12')).toBe('2027-11-08'); // 11 novembre on the Thursday
    expect(deadlineDay(UAI.ecole, '2027-01-04')).toBe('2026-12-17'); // back from Noël: Friday 18 is the last class day
  });

  it('states the last second with the Paris offset of that day, across DST changes', () => {
    expect(strikes.deadline(UAI.ecole, '2026-12-14')).toEqual({ uai: UAI.ecole, date: '2026-12-14', deadline: '2026-12-10T23:59:59+01:00' });
    expect(strikes.deadline(UAI.ecole, '2027-06-07').deadline).toBe('2027-06-03T23:59:59+02:00');
    expect(strikes.deadline(UAI.maternelle, '2027-03-31').deadline).toBe('2027-03-28T23:59:59+02:00'); // the spring-forward Sunday
    expect(strikes.deadline(UAI.ecole, '2026-10-13').deadline).toBe('2026-10-10T23:59:59+02:00'); // mardi → samedi, summer time
  });

  it('refuses an unknown UAI, a structure that is no école and a malformed date', () => {
    expect(() => strikes.deadline('0139999Z', '2026-12-14')).toThrow(/UAI inconnu/);
    expect(() => strikes.deadline(UAI.college, '2026-12-14')).toThrow(/n’est pas une école/);
    expect(() => strikes.deadline(UAI.ecole, '2026-12-32')).toThrow(/Date invalide/);
    expect(() => strikes.deadline(UAI.ecole, 'demain')).toThrow(StrikeError);
  });
});

describe('declaring', () => {
  beforeEach(() => {
    strikes.preavis.add({ union: 'Syndicat de test', from: '2026-12-14', to: '2026-12-18', reference: 'P-1' });
  });

  it('offers the préavis days that are class days of her école, each with its deadline', () => {
    const eligibility = strikes.eligibility(PEOPLE.teacher.address);
    if (!eligibility.obliged) throw new Error(eligibility.reason);
    const teacher = viewer(PEOPLE.teacher);
    const offered = strikes.offeredDays(eligibility.declarant, teacher.accountId);
    expect(offered.map((d) => [d.day, d.deadline, d.late])).toEqual([
      ['2026-12-14', '2026-12-10', false],
      ['2026-12-15', '2026-12-12', false],
      ['2026-12-17', '2026-12-14', false],
      ['2026-12-18', '2026-12-15', false],
    ]);
  });

  it('accepts a declaration at 23:59:59 of the deadline day and refuses it at 00:00:00, recording nothing', () => {
    const teacher = viewer(PEOPLE.teacher);
    clock = Date.parse('2026-12-10T23:59:59+01:00');
    expect(strikes.declare(teacher, ['2026-12-14']).map((d) => d.day)).toEqual(['2026-12-14']);
    const colleague = viewer(PEOPLE.colleague);
    clock = Date.parse('2026-12-11T00:00:00+01:00');
    expect(() => strikes.declare(colleague, ['2026-12-14'])).toThrow(/Délai dépassé.*2026-12-10 à 23 h 59/);
    // All or nothing: a late day in the list leaves the others unrecorded too.
    expect(() => strikes.declare(colleague, ['2026-12-17', '2026-12-14'])).toThrow(/Délai dépassé/);
    expect(strikes.mine(colleague)).toEqual([]);
  });

  it('refuses days without préavis, without classes, already declared, or malformed, and people who need not declare', () => {
    const teacher = viewer(PEOPLE.teacher);
    expect(() => strikes.declare(teacher, ['2026-12-21'])).toThrow(/Aucun préavis/);
    expect(() => strikes.declare(teacher, ['2026-12-16'])).toThrow(/n’a pas classe/); // mercredi, 4 jours
    strikes.declare(teacher, ['2026-12-17']);
    expect(() => strikes.declare(teacher, ['2026-12-17'])).toThrow(/déjà déclaré/);
    expect(() => strikes.declare(teacher, ['17/12/2026'])).toThrow(/Date invalide/);
    expect(() => strikes.declare(teacher, [])).toThrow(/au moins un jour/);
    const professeur = viewer(PEOPLE.professeur);
    expect(() => strikes.declare(professeur, ['2026-12-17'])).toThrow(/premier degré public/);
    expect(strikes.eligibility(PEOPLE.gestionnaire.address).obliged).toBe(false);
  });

  it('records the école and names of the annuaire, whatever the request says', () => {
    const [d] = strikes.declare(viewer(PEOPLE.teacher), ['2026-12-17']);
    expect(d).toMatchObject({ uai: UAI.ecole, circonscription: UAI.circonscription, nom: 'Habotté', prenom: 'Charlotte', kind: 'intention' });
  });

  it('lets her withdraw until the day starts, and nobody else', () => {
    const teacher = viewer(PEOPLE.teacher);
    const [d] = strikes.declare(teacher, ['2026-12-17']);
    expect(() => strikes.withdraw(viewer(PEOPLE.colleague), d!.id)).toThrow(/introuvable/);
    clock = Date.parse('2026-12-16T23:59:59+01:00');
    expect(strikes.withdraw(teacher, d!.id).withdrawnAt).toBe(clock);
    expect(() => strikes.withdraw(teacher, d!.id)).toThrow(/déjà retirée/);
    // Withdrawn, the day may be declared again; once the day has started it can no longer be withdrawn.
    clock = Date.parse('2026-12-07T12:00:00+01:00');
    const [again] = strikes.declare(teacher, ['2026-12-17']);
    clock = Date.parse('2026-12-17T00:00:00+01:00');
    expect(() => strikes.withdraw(teacher, again!.id)).toThrow(/a commencé/);
  });

  it('takes the declaration of participation after the day only, once', () => {
    const teacher = viewer(PEOPLE.teacher);
    expect(() => strikes.declareParticipation(teacher, '2026-12-17')).toThrow(/pas encore passé/);
    clock = Date.parse('2026-12-18T09:00:00+01:00');
    expect(strikes.participationDays()).toEqual(['2026-12-18', '2026-12-17', '2026-12-16', '2026-12-15', '2026-12-14']);
    expect(strikes.declareParticipation(teacher, '2026-12-17').kind).toBe('participation');
    expect(() => strikes.declareParticipation(teacher, '2026-12-17')).toThrow(/déjà déclaré/);
    // Kept apart from intentions: the IEN's counts are of intentions.
    expect(strikes.report('2026-12-17', UAI.circonscription).find((r) => r.ecole.uai === UAI.ecole)?.declarants).toBe(0);
  });

  it('deletes declarations once the retention period after their day has passed', () => {
    strikes.declare(viewer(PEOPLE.teacher), ['2026-12-17']);
    clock = Date.parse('2027-03-17T12:00:00+01:00'); // 90 days after
    expect(strikes.purgeExpired()).toBe(0);
    clock = Date.parse('2027-03-18T12:00:00+01:00');
    expect(strikes.purgeExpired()).toBe(1);
  });
});

describe('who sees what', () => {
  beforeEach(() => {
    strikes.preavis.add({ union: 'Syndicat de test', from: '2026-12-17', to: '2026-12-17' });
    strikes.declare(viewer(PEOPLE.teacher), ['2026-12-17']);
  });

  it('shows the IEN of the circonscription the names, the counts and the 25 % flag', () => {
    const ien = viewer(PEOPLE.ien, 'ien');
    expect(strikes.circonscriptionsOf(ien).map((c) => c.uai)).toEqual([UAI.circonscription]);
    const row = strikes.circonscriptionDay(ien, UAI.circonscription, '2026-12-17').find((r) => r.ecole.uai === UAI.ecole)!;
    // Seven teach there: the colleague, the teacher, five more; the director has a full discharge.
    expect(row).toMatchObject({ declarants: 1, headcount: 7, accueilThreshold: false, names: ['Habotté Charlotte'] });
    strikes.declare(viewer(PEOPLE.colleague), ['2026-12-17']);
    const two = strikes.circonscriptionDay(ien, UAI.circonscription, '2026-12-17').find((r) => r.ecole.uai === UAI.ecole)!;
    expect(two).toMatchObject({ declarants: 2, headcount: 7, accueilThreshold: true, names: ['Girard Émilie', 'Habotté Charlotte'] });
  });

  it('shows nothing to the director, a colleague, a teacher elsewhere or the IEN of another circonscription', () => {
    const ienAubagne = { prenom: 'Paul', nom: 'Aubert', address: 'paul.aubert@ac-test.fr' };
    services.directory.writer.transaction(() => services.directory.writer.upsertPerson(person({ ...ienAubagne, role: 'ien', affectations: [UAI.aubagne] })));
    for (const [who, role] of [[PEOPLE.directeur, 'directeur'], [PEOPLE.colleague, 'enseignant'], [PEOPLE.maternelle, 'enseignant'], [ienAubagne, 'ien']] as const) {
      const v = viewer(who, role);
      expect(() => strikes.circonscriptionDay(v, UAI.circonscription, '2026-12-17'), who.nom).toThrow(/pas accès/);
      expect(() => strikes.mayorCounts(v, UAI.circonscription, '2026-12-17'), who.nom).toThrow(/pas accès/);
    }
  });

  it('lets an admin see every circonscription', () => {
    const admin = viewer({ prenom: 'Paul', nom: 'Roux', address: 'paul.roux@ac-test.fr' }, 'admin');
    expect(strikes.circonscriptionsOf(admin).map((c) => c.uai).sort()).toEqual([UAI.circonscription, UAI.aubagne].sort());
    expect(strikes.circonscriptionDay(admin, UAI.circonscription, '2026-12-17').some((r) => r.names.length === 1)).toBe(true);
  });

  it('gives the mayor and the report counts per commune and école, and never a name', () => {
    const ien = viewer(PEOPLE.ien, 'ien');
    const mayor = strikes.mayorCounts(ien, UAI.circonscription, '2026-12-17');
    expect(mayor.map((c) => c.commune)).toEqual(['Marseille']);
    expect(mayor[0]!.ecoles.find((e) => e.ecole.uai === UAI.ecole)?.declarants).toBe(1);
    const report = strikes.report('2026-12-17', null);
    for (const text of [JSON.stringify(mayor), JSON.stringify(report)]) {
      expect(text).not.toContain('Habotté');
      expect(text).not.toContain('Charlotte');
    }
    expect(report.find((r) => r.ecole.uai === UAI.ecole)).toMatchObject({ circonscription: UAI.circonscription, declarants: 1, headcount: 7 });
    expect(() => strikes.report('2026-12-17', UAI.ecole)).toThrow(/Circonscription inconnue/);
  });
});
