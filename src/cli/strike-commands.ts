/**
 * `webmel strike preavis add|list`, `webmel strike deadline`, `webmel strike report` and
 * `webmel calendar holiday add|list`: what admins do for the strike declarations from a
 * terminal. The report carries counts and flags, never a name (L133-5).
 */
import { CalendarInputError, frenchDate, type SchoolHoliday } from '../calendar/index.js';
import { StrikeError, type Preavis } from '../strikes/index.js';
import type { CommandGroup, CommandSpec } from './command.js';
import { formatTable } from './table.js';
import { withServices } from './with-services.js';

const JSON_OPTION = { name: 'json', description: 'résultat en JSON' };
const DATE = 'AAAA-MM-JJ';

/** A refusal of the domain (bad date, unknown UAI) is the request failing: exit 1 with its message. */
function refusal(err: unknown, stderr: (text: string) => void): number {
  if (err instanceof StrikeError || err instanceof CalendarInputError) {
    stderr(`Erreur : ${err.message}\n`);
    return 1;
  }
  throw err;
}

const publicPreavis = (p: Preavis) => ({ id: p.id, union: p.union, from: p.from, to: p.to, ref: p.reference, text: p.text });

const preavisAdd: CommandSpec = {
  name: 'strike preavis add',
  summary: 'enregistre un préavis de grève (les jours qu’il couvre, bornes incluses)',
  options: [
    { name: 'union', value: 'NOM', description: 'organisation syndicale qui dépose le préavis', required: true },
    { name: 'from', value: DATE, description: 'premier jour couvert', required: true },
    { name: 'to', value: DATE, description: 'dernier jour couvert', required: true },
    { name: 'ref', value: 'TEXTE', description: 'référence du préavis' },
    { name: 'text', value: 'TEXTE', description: 'texte du préavis (facultatif)' },
    JSON_OPTION,
  ],
  run: ({ values, flags }, config, io) =>
    withServices(config, (services) => {
      try {
        const p = services.strikes.preavis.add({ union: values.union!, from: values.from!, to: values.to!, reference: values.ref, text: values.text });
        io.stdout(flags.has('json') ? `${JSON.stringify(publicPreavis(p))}\n` : `Préavis n° ${p.id} enregistré : ${p.union}, du ${frenchDate(p.from)} au ${frenchDate(p.to)}.\n`);
        return 0;
      } catch (err) {
        return refusal(err, io.stderr);
      }
    }),
};

const preavisList: CommandSpec = {
  name: 'strike preavis list',
  summary: 'liste les préavis enregistrés',
  options: [JSON_OPTION],
  run: ({ flags }, config, io) =>
    withServices(config, (services) => {
      const all = services.strikes.preavis.list();
      if (flags.has('json')) io.stdout(`${JSON.stringify(all.map(publicPreavis), null, 2)}\n`);
      else if (all.length === 0) io.stdout('Aucun préavis.\n');
      else io.stdout(formatTable(['N°', 'ORGANISATION', 'DU', 'AU', 'RÉFÉRENCE'], all.map((p) => [String(p.id), p.union, p.from, p.to, p.reference])));
      return 0;
    }),
};

const deadline: CommandSpec = {
  name: 'strike deadline',
  summary: 'date limite de déclaration d’intention pour un jour de grève dans une école',
  options: [
    { name: 'uai', value: 'UAI', description: 'l’école', required: true },
    { name: 'date', value: DATE, description: 'le jour de grève', required: true },
    { name: 'json', description: 'un objet JSON {"uai","date","deadline"}' },
  ],
  run: ({ values, flags }, config, io) =>
    withServices(config, (services) => {
      try {
        const answer = services.strikes.deadline(values.uai!, values.date!);
        if (flags.has('json')) io.stdout(`${JSON.stringify(answer)}\n`);
        else io.stdout(`Grève du ${frenchDate(answer.date)} à l’école ${answer.uai} : déclaration à faire parvenir au plus tard le ${frenchDate(answer.deadline.slice(0, 10))} à 23 h 59 min 59 s (${answer.deadline}).\n`);
        return 0;
      } catch (err) {
        return refusal(err, io.stderr);
      }
    }),
};

const report: CommandSpec = {
  name: 'strike report',
  summary: 'nombre de déclarants par école pour un jour de grève, et le seuil de 25 % (jamais de nom)',
  options: [
    { name: 'date', value: DATE, description: 'le jour de grève', required: true },
    { name: 'circonscription', value: 'UAI', description: 'une seule circonscription' },
    JSON_OPTION,
  ],
  run: ({ values, flags }, config, io) =>
    withServices(config, (services) => {
      try {
        const rows = services.strikes.report(values.date!, values.circonscription ?? null);
        if (flags.has('json')) {
          const out = rows.map((r) => ({
            circonscription: r.circonscription,
            uai: r.ecole.uai,
            ecole: r.ecole.nom,
            commune: r.ecole.commune,
            declarants: r.declarants,
            effectif: r.headcount,
            seuil_25: r.accueilThreshold,
          }));
          io.stdout(`${JSON.stringify(out, null, 2)}\n`);
        } else if (rows.length === 0) {
          io.stdout('Aucune école.\n');
        } else {
          io.stdout(
            formatTable(
              ['CIRCONSCRIPTION', 'UAI', 'ÉCOLE', 'COMMUNE', 'DÉCLARANTS', 'EFFECTIF', 'SEUIL 25 %'],
              rows.map((r) => [r.circonscription ?? '', r.ecole.uai, r.ecole.nom, r.ecole.commune, String(r.declarants), String(r.headcount), r.accueilThreshold ? 'atteint' : '']),
            ),
          );
        }
        return 0;
      } catch (err) {
        return refusal(err, io.stderr);
      }
    }),
};

export const strikeGroup: CommandGroup = {
  name: 'strike',
  summary: 'Déclarations d’intention de grève : préavis, date limite, comptes par école.',
  commands: [preavisAdd, preavisList, deadline, report],
};

const publicHoliday = (h: SchoolHoliday) => ({ id: h.id, zone: h.zone, from: h.from, to: h.to, label: h.label });

const holidayAdd: CommandSpec = {
  name: 'calendar holiday add',
  summary: 'enregistre des vacances scolaires (jours sans classe, bornes incluses) pour une zone',
  options: [
    { name: 'zone', value: 'A|B|C|all', description: 'zone de vacances, ou all pour toutes', required: true },
    { name: 'from', value: DATE, description: 'premier jour sans classe', required: true },
    { name: 'to', value: DATE, description: 'dernier jour sans classe', required: true },
    { name: 'label', value: 'TEXTE', description: 'libellé, par exemple « Vacances de Noël »', required: true },
    JSON_OPTION,
  ],
  run: ({ values, flags }, config, io) =>
    withServices(config, (services) => {
      try {
        const { holiday, added } = services.holidays.add({ zone: values.zone!, from: values.from!, to: values.to!, label: values.label! });
        if (flags.has('json')) io.stdout(`${JSON.stringify({ ...publicHoliday(holiday), added })}\n`);
        else io.stdout(`${added ? 'Enregistré' : 'Déjà enregistré'} : ${holiday.label}, zone ${holiday.zone}, du ${frenchDate(holiday.from)} au ${frenchDate(holiday.to)}.\n`);
        return 0;
      } catch (err) {
        return refusal(err, io.stderr);
      }
    }),
};

const holidayList: CommandSpec = {
  name: 'calendar holiday list',
  summary: 'liste les vacances scolaires enregistrées',
  options: [JSON_OPTION],
  run: ({ flags }, config, io) =>
    withServices(config, (services) => {
      const all = services.holidays.list();
      if (flags.has('json')) io.stdout(`${JSON.stringify(all.map(publicHoliday), null, 2)}\n`);
      else if (all.length === 0) io.stdout('Aucune période de vacances enregistrée.\n');
      else io.stdout(formatTable(['ZONE', 'DU', 'AU', 'LIBELLÉ'], all.map((h) => [h.zone, h.from, h.to, h.label])));
      return 0;
    }),
};

export const calendarGroup: CommandGroup = {
  name: 'calendar',
  summary: 'Calendrier scolaire : vacances de chaque zone (les jours fériés sont calculés).',
  commands: [holidayAdd, holidayList],
};
