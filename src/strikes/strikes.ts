/**
 * The déclaration préalable d'intention de grève (code de l'éducation L133-4 and L133-5;
 * shared/domain.md §1): who must declare, the days a teacher may declare and their deadlines,
 * declaring and withdrawing, the declaration of participation after the day, and what the IEN,
 * the admins and the mayor may see. Reads the annuaire and the school calendar through their
 * modules.
 */
import {
  addDays,
  classCalendar,
  daysBetween,
  daysFromTo,
  endOfParisDay,
  parisDay,
  parseCivilDate,
  startOfParisDay,
  type CivilDate,
  type ClassCalendar,
  type SchoolHolidays,
  type WeekPattern,
} from '../calendar/index.js';
import type { Db } from '../db/database.js';
import { isEcole, normalizeUai, type Directory, type Person, type Structure } from '../directory/index.js';
import { declarationDeadline, deadlineTimestamp } from './deadline.js';
import { DeclarationStore, type Declaration } from './declarations.js';
import { StrikeError } from './errors.js';
import { PreavisStore, type Preavis } from './preavis.js';

/** Who asks: the signed-in account, as the strike pages need it. */
export interface StrikeViewer {
  accountId: number;
  address: string;
  /** The account's role: `admin` sees every circonscription; an IEN (by the annuaire) their own. */
  role: string;
}

/** A teacher who must declare, with what the form prefills. */
export interface Declarant {
  person: Person;
  ecole: Structure;
  circonscription: Structure | null;
}

export type Eligibility = { obliged: true; declarant: Declarant } | { obliged: false; reason: string };

export interface OfferedDay {
  day: CivilDate;
  /** The last day to declare, and its last second with Paris's offset. */
  deadline: CivilDate;
  deadlineTimestamp: string;
  late: boolean;
  preavis: Preavis[];
  /** The standing declaration of this day, if already made. */
  declared: Declaration | null;
}

export interface EcoleCount {
  ecole: Structure;
  declarants: number;
  /** The people teaching there (a director with a full discharge left out). */
  headcount: number;
  /** declarants ≥ 25 % of the headcount: the commune organises the service d'accueil (L133-4). */
  accueilThreshold: boolean;
}

export interface EcoleDeclarations extends EcoleCount {
  /** « Nom Prénom », alphabetically: for the IEN only. */
  names: string[];
}

export interface StrikeReportRow extends EcoleCount {
  circonscription: string | null;
}

/** Days of one request at most: a préavis is for days, not months. */
export const MAX_DAYS_A_DECLARATION = 31;
/** The declaration of participation is made in the weeks after the day, not later. */
export const PARTICIPATION_WINDOW_DAYS = 60;
/** How far ahead the form offers préavis days. */
const OFFER_HORIZON_DAYS = 366;

const TEACHING_ROLES = new Set(['enseignant', 'directeur']);

export interface StrikesDeps {
  db: Db;
  directory: Directory;
  holidays: SchoolHolidays;
  /** WEBMEL_STRIKE_RETENTION_DAYS: declarations are deleted this long after their day. */
  retentionDays: number;
  now?: () => number;
}

/** The 25 % of L133-4, in integers: 4 × declarants ≥ headcount. */
export function reachesAccueilThreshold(declarants: number, headcount: number): boolean {
  return headcount > 0 && declarants * 4 >= headcount;
}

export class Strikes {
  readonly preavis: PreavisStore;
  private readonly declarations: DeclarationStore;
  private readonly now: () => number;

  constructor(private readonly deps: StrikesDeps) {
    this.now = deps.now ?? Date.now;
    this.preavis = new PreavisStore(deps.db, this.now);
    this.declarations = new DeclarationStore(deps.db);
  }

  /** Whether this person must declare (a teacher of a public école maternelle or élémentaire), and where. */
  eligibility(address: string): Eligibility {
    const person = this.deps.directory.person(address);
    if (!person) return { obliged: false, reason: 'L’annuaire ne vous connaît pas encore : votre affectation est inconnue.' };
    if (!TEACHING_ROLES.has(person.role)) {
      return { obliged: false, reason: 'La déclaration préalable ne concerne que les personnes qui enseignent dans une école maternelle ou élémentaire publique.' };
    }
    for (const uai of person.affectations) {
      const structure = this.deps.directory.structure(uai);
      if (!structure || !isEcole(structure.type)) continue;
      if (structure.secteur !== 'public') {
        return { obliged: false, reason: 'La déclaration préalable ne s’applique pas aux écoles privées sous contrat (article L133-4 du code de l’éducation).' };
      }
      const circonscription = structure.circonscription ? this.deps.directory.structure(structure.circonscription) : null;
      return { obliged: true, declarant: { person, ecole: structure, circonscription } };
    }
    return {
      obliged: false,
      reason: 'La déclaration préalable ne concerne que le premier degré public (écoles maternelles et élémentaires) : elle ne s’applique pas au second degré ni aux services.',
    };
  }

  /** The school's class days; a school the annuaire gives no week or zone has no deadline to compute. */
  calendarOf(ecole: Structure, around: CivilDate): ClassCalendar {
    if (!ecole.semaine || !ecole.zone) {
      throw new StrikeError(`L’annuaire ne donne pas le rythme scolaire ou la zone de vacances de l’école ${ecole.uai} : le délai ne peut pas être calculé.`, 409);
    }
    return classCalendar({ semaine: ecole.semaine as WeekPattern, zone: ecole.zone }, this.deps.holidays, addDays(around, -60), addDays(around, 60));
  }

  /** `webmel strike deadline`: the deadline for a strike day in an école. */
  deadline(uai: string, date: string): { uai: string; date: CivilDate; deadline: string } {
    const day = parseCivilDate(date);
    if (!day) throw new StrikeError(`Date invalide « ${date} » : attendu AAAA-MM-JJ.`);
    const normalized = normalizeUai(uai);
    const ecole = normalized ? this.deps.directory.structure(normalized) : null;
    if (!ecole) throw new StrikeError(`UAI inconnu de l’annuaire : « ${uai} ».`, 404);
    if (!isEcole(ecole.type)) throw new StrikeError(`${ecole.uai} (${ecole.typeLabel}) n’est pas une école maternelle ou élémentaire : pas de déclaration préalable.`);
    const deadline = declarationDeadline(day, this.calendarOf(ecole, day).isClassDay);
    return { uai: ecole.uai, date: day, deadline: deadlineTimestamp(deadline) };
  }

  /** The préavis days from today on that are class days in the teacher's école, with their deadlines. */
  offeredDays(declarant: Declarant, accountId: number): OfferedDay[] {
    const now = this.now();
    const today = parisDay(now);
    const horizon = addDays(today, OFFER_HORIZON_DAYS);
    const preavis = this.preavis.touching(today, horizon);
    const days = new Set<CivilDate>();
    for (const p of preavis) for (const day of daysFromTo(p.from < today ? today : p.from, p.to > horizon ? horizon : p.to)) days.add(day);
    const calendar = this.calendarOf(declarant.ecole, today);
    return [...days]
      .sort()
      .filter((day) => calendar.isClassDay(day))
      .map((day) => {
        const deadline = declarationDeadline(day, calendar.isClassDay);
        return {
          day,
          deadline,
          deadlineTimestamp: deadlineTimestamp(deadline),
          late: now >= endOfParisDay(deadline),
          preavis: preavis.filter((p) => p.from <= day && day <= p.to),
          declared: this.declarations.standing(accountId, 'intention', day),
        };
      });
  }

  /**
   * Records the intention for each day, all of them or none: each must be covered by a préavis,
   * a class day of the teacher's école, not declared already, and on time (received by 23:59:59
   * of its deadline day). The école and names come from the annuaire, never from the form.
   */
  declare(viewer: StrikeViewer, days: readonly string[]): Declaration[] {
    const declarant = this.requireDeclarant(viewer);
    const wanted = this.parseDays(days);
    const now = this.now();
    const calendar = this.calendarOf(declarant.ecole, parisDay(now));
    for (const day of wanted) {
      if (this.preavis.covering(day).length === 0) throw new StrikeError(`Aucun préavis de grève ne couvre le ${day} : ce jour ne peut pas être déclaré.`);
      if (!calendar.isClassDay(day)) throw new StrikeError(`Votre école n’a pas classe le ${day} : il n’y a rien à déclarer ce jour-là.`);
      const deadline = declarationDeadline(day, calendar.isClassDay);
      if (now >= endOfParisDay(deadline)) {
        throw new StrikeError(`Délai dépassé pour le ${day} : la déclaration devait parvenir au plus tard le ${deadline} à 23 h 59 (${deadlineTimestamp(deadline)}). Rien n’a été enregistré.`, 409);
      }
      if (this.declarations.standing(viewer.accountId, 'intention', day)) throw new StrikeError(`Vous avez déjà déclaré votre intention pour le ${day}.`, 409);
    }
    return this.record(viewer, declarant, 'intention', wanted, now);
  }

  /** Withdraws one's own intention, until the strike day starts. */
  withdraw(viewer: StrikeViewer, id: number): Declaration {
    const declaration = this.declarations.byId(id);
    if (!declaration || declaration.accountId !== viewer.accountId) throw new StrikeError('Déclaration introuvable.', 404);
    if (declaration.kind !== 'intention') throw new StrikeError('Seule une déclaration d’intention peut être retirée.');
    if (declaration.withdrawnAt !== null) throw new StrikeError('Cette déclaration est déjà retirée.', 409);
    const now = this.now();
    if (now >= startOfParisDay(declaration.day)) throw new StrikeError(`Le ${declaration.day} a commencé : la déclaration ne peut plus être retirée.`, 409);
    if (!this.declarations.withdraw(id, now)) throw new StrikeError('Cette déclaration est déjà retirée.', 409);
    return { ...declaration, withdrawnAt: now };
  }

  /** The declaration of participation (service fait), after a strike day a préavis covered. */
  declareParticipation(viewer: StrikeViewer, date: string): Declaration {
    const declarant = this.requireDeclarant(viewer);
    const [day] = this.parseDays([date]);
    const now = this.now();
    const today = parisDay(now);
    if (day! > today) throw new StrikeError(`Le ${day} n’est pas encore passé : la participation se déclare après la journée de grève.`);
    if (daysBetween(day!, today) > PARTICIPATION_WINDOW_DAYS) throw new StrikeError(`Le ${day} date de plus de ${PARTICIPATION_WINDOW_DAYS} jours.`);
    if (this.preavis.covering(day!).length === 0) throw new StrikeError(`Aucun préavis de grève ne couvrait le ${day}.`);
    if (this.declarations.standing(viewer.accountId, 'participation', day!)) throw new StrikeError(`Vous avez déjà déclaré votre participation le ${day}.`, 409);
    return this.record(viewer, declarant, 'participation', [day!], now)[0]!;
  }

  /** Past préavis days for which participation may be declared, the latest first. */
  participationDays(): CivilDate[] {
    const today = parisDay(this.now());
    const from = addDays(today, -PARTICIPATION_WINDOW_DAYS);
    const days = new Set<CivilDate>();
    for (const p of this.preavis.touching(from, today)) for (const day of daysFromTo(p.from < from ? from : p.from, p.to > today ? today : p.to)) days.add(day);
    return [...days].sort().reverse();
  }

  /** One's own declarations, the latest day first. */
  mine(viewer: StrikeViewer): Declaration[] {
    return this.declarations.ofAccount(viewer.accountId);
  }

  /** Whether the withdrawal button is still offered for this declaration. */
  canWithdraw(declaration: Declaration): boolean {
    return declaration.kind === 'intention' && declaration.withdrawnAt === null && this.now() < startOfParisDay(declaration.day);
  }

  /** The circonscriptions whose declarations this viewer may see: all for an admin, their own for an IEN, none otherwise. */
  circonscriptionsOf(viewer: StrikeViewer): Structure[] {
    if (viewer.role === 'admin') return this.deps.directory.circonscriptions();
    // The annuaire says who is the IEN of which circonscription (the référentiel, not the account).
    const person = this.deps.directory.person(viewer.address);
    if (!person || person.role !== 'ien') return [];
    return person.affectations.map((uai) => this.deps.directory.structure(uai)).filter((s): s is Structure => s?.type === 'circonscription');
  }

  /** The IEN's view of a day: per école of the circonscription, the count, the headcount, the 25 % flag and the names. */
  circonscriptionDay(viewer: StrikeViewer, circonscription: string, date: string): EcoleDeclarations[] {
    const circo = this.allowedCirconscription(viewer, circonscription);
    const [day] = this.parseDays([date]);
    const declarations = this.declarations.onDay(day!, 'intention', circo.uai);
    const names = new Map<string, string[]>();
    for (const d of declarations) (names.get(d.uai) ?? names.set(d.uai, []).get(d.uai)!).push(`${d.nom} ${d.prenom}`);
    return this.countEcoles(this.publicEcolesOf(circo.uai), declarations).map((count) => ({ ...count, names: names.get(count.ecole.uai) ?? [] }));
  }

  /** « Communiquer au maire »: per commune, per école, counts only; never a name. */
  mayorCounts(viewer: StrikeViewer, circonscription: string, date: string): Array<{ commune: string; ecoles: EcoleCount[] }> {
    const circo = this.allowedCirconscription(viewer, circonscription);
    const [day] = this.parseDays([date]);
    const counts = this.countEcoles(this.publicEcolesOf(circo.uai), this.declarations.onDay(day!, 'intention', circo.uai));
    const byCommune = new Map<string, EcoleCount[]>();
    for (const count of counts) {
      const commune = count.ecole.commune || 'Commune non renseignée';
      (byCommune.get(commune) ?? byCommune.set(commune, []).get(commune)!).push(count);
    }
    return [...byCommune].sort(([a], [b]) => a.localeCompare(b, 'fr')).map(([commune, ecoles]) => ({ commune, ecoles }));
  }

  /** `webmel strike report`: counts and flags for every circonscription (or one), never names. */
  report(date: string, circonscription: string | null): StrikeReportRow[] {
    const [day] = this.parseDays([date]);
    let circos: Structure[];
    if (circonscription !== null) {
      const uai = normalizeUai(circonscription);
      const circo = uai ? this.deps.directory.structure(uai) : null;
      if (!circo || circo.type !== 'circonscription') throw new StrikeError(`Circonscription inconnue de l’annuaire : « ${circonscription} ».`, 404);
      circos = [circo];
    } else {
      circos = this.deps.directory.circonscriptions();
    }
    return circos.flatMap((circo) =>
      this.countEcoles(this.publicEcolesOf(circo.uai), this.declarations.onDay(day!, 'intention', circo.uai)).map((count) => ({ ...count, circonscription: circo.uai })),
    );
  }

  /** Strike days that have declarations, for the IEN's choice of day. */
  daysWithDeclarations(): CivilDate[] {
    return this.declarations.daysWithDeclarations();
  }

  /** Deletes the declarations whose day is more than the retention period ago; how many (the daily clean-up). */
  purgeExpired(): number {
    return this.declarations.purgeBefore(addDays(parisDay(this.now()), -this.deps.retentionDays));
  }

  private publicEcolesOf(circonscription: string): Structure[] {
    return this.deps.directory.ecolesOf(circonscription).filter((s) => isEcole(s.type) && s.secteur === 'public');
  }

  /** The écoles with their counts; an école with declarations that left the circonscription since is still listed. */
  private countEcoles(ecoles: readonly Structure[], declarations: readonly Declaration[]): EcoleCount[] {
    const listed = new Map(ecoles.map((e) => [e.uai, e]));
    for (const d of declarations) {
      if (listed.has(d.uai)) continue;
      const ecole = this.deps.directory.structure(d.uai);
      if (ecole) listed.set(ecole.uai, ecole);
    }
    const headcounts = this.deps.directory.teachingHeadcounts([...listed.keys()]);
    const declared = new Map<string, number>();
    for (const d of declarations) declared.set(d.uai, (declared.get(d.uai) ?? 0) + 1);
    return [...listed.values()].map((ecole) => {
      const declarants = declared.get(ecole.uai) ?? 0;
      const headcount = headcounts.get(ecole.uai) ?? 0;
      return { ecole, declarants, headcount, accueilThreshold: reachesAccueilThreshold(declarants, headcount) };
    });
  }

  private allowedCirconscription(viewer: StrikeViewer, circonscription: string): Structure {
    const uai = normalizeUai(circonscription);
    const circo = this.circonscriptionsOf(viewer).find((c) => c.uai === uai);
    // The same answer whether it exists or not: nothing is said of a circonscription one may not see.
    if (!circo) throw new StrikeError('Vous n’avez pas accès aux déclarations de cette circonscription.', 403);
    return circo;
  }

  private requireDeclarant(viewer: StrikeViewer): Declarant {
    const eligibility = this.eligibility(viewer.address);
    if (!eligibility.obliged) throw new StrikeError(eligibility.reason, 403);
    return eligibility.declarant;
  }

  private parseDays(days: readonly string[]): CivilDate[] {
    if (days.length === 0) throw new StrikeError('Cochez au moins un jour.');
    if (days.length > MAX_DAYS_A_DECLARATION) throw new StrikeError(`Au plus ${MAX_DAYS_A_DECLARATION} jours par déclaration.`);
    const parsed = days.map((text) => {
      const day = parseCivilDate(String(text));
      if (!day) throw new StrikeError(`Date invalide « ${String(text).slice(0, 20)} ».`);
      return day;
    });
    return [...new Set(parsed)].sort();
  }

  private record(viewer: StrikeViewer, declarant: Declarant, kind: Declaration['kind'], days: readonly CivilDate[], now: number): Declaration[] {
    try {
      return this.declarations.insertAll(
        days.map((day) => ({
          accountId: viewer.accountId,
          kind,
          day,
          nom: declarant.person.nom,
          prenom: declarant.person.prenom,
          uai: declarant.ecole.uai,
          circonscription: declarant.ecole.circonscription,
          receivedAt: now,
        })),
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StrikeError('Un de ces jours vient d’être déclaré (deux envois à la fois ?) : rien n’a été enregistré en double.', 409);
      throw err;
    }
  }
}
