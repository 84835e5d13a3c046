/**
 * « Grève »: the déclaration préalable d'intention de grève (issue 19; shared/domain.md §1),
 * for every signed-in account (mounted behind requireAccount, CSRF checked on every POST by
 * csrfProtection like every other form).
 *
 * - `GET /greve`: whether she must declare, the préavis days of her école, her declarations.
 * - `POST /greve/declarer` (`days`), `POST /greve/declarations/:id/retirer`,
 *   `POST /greve/participation` (`day`): record, put the « Accusé de réception » in her INBOX,
 *   and for an intention or its withdrawal send the letter to her IEN (strike-letters.ts).
 * - `GET /greve/circonscription` and `/greve/circonscription/maire` (`?uai=&date=`, `&format=csv`):
 *   the IEN's counts with names, the mayor's without; for an IEN of that circonscription or an
 *   admin, a 403 for anyone else.
 *
 * Only the days are read from a form: who declares, her école and her circonscription come
 * from the session and the annuaire (src/strikes), so a forged field has nothing to change.
 */
import { Router, type Request, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import { addDays, daysFromTo, frenchDate, parisDay, parseCivilDate, weekday, type CivilDate } from '../../calendar/index.js';
import { normalizeUai, type Structure } from '../../directory/index.js';
import {
  declarationLetter,
  declarationReceipt,
  frenchTimestamp,
  PARTICIPATION_WINDOW_DAYS,
  StrikeError,
  withdrawalLetter,
  withdrawalReceipt,
  type Declarant,
  type Declaration,
  type OfferedDay,
  type StrikeViewer,
} from '../../strikes/index.js';
import type { ComposeSettings } from '../compose/compose-deps.js';
import { contentDisposition } from '../http/content-disposition.js';
import { seeOther } from '../http/request-kind.js';
import { flash, renderPage } from '../routes/render.js';
import { errorPage } from '../views/pages/simple-pages.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { circonscriptionPage, mayorPage, type DayChoice } from './circonscription-page.js';
import { declarationPage } from './declaration-page.js';
import { mayorCsv } from './mayor-csv.js';
import { sendLetter, type LetterOutcome } from './strike-letters.js';
import { CIRCONSCRIPTION_URL, DECLARE_URL, GREVE_URL, MAYOR_URL, PARTICIPATION_URL } from './strike-urls.js';

/** How far ahead the IEN's choice of day reaches (the teacher's form offers as far). */
const DAY_CHOICE_HORIZON_DAYS = 366;
/** A date is ten characters; anything longer in a form is not one. */
const MAX_DAY_CHARS = 20;

export function viewerOf(account: Account): StrikeViewer {
  return { accountId: account.id, address: account.address, role: account.role };
}

/** The `days` of a form: one value or several (the only field a declaration reads). */
function daysField(body: unknown): string[] {
  const value = (body as Record<string, unknown> | undefined)?.days;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, MAX_DAY_CHARS));
}

function textField(source: unknown, name: string, max = MAX_DAY_CHARS): string {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

const dayList = (declarations: readonly Declaration[]) => declarations.map((d) => frenchDate(d.day)).join(', ');

/** What the letter to the IEN was, in the sentences that tell its fate. */
const LETTERS = {
  declaration: { sent: 'Votre courrier de déclaration', recorded: 'La déclaration est enregistrée', it: 'elle ne lui a pas été envoyée', pass: 'Transmettez-la-lui' },
  withdrawal: { sent: 'Votre courrier de retrait', recorded: 'Le retrait est enregistré', it: 'il ne lui a pas été envoyé', pass: 'Transmettez-le-lui' },
} as const;

/** What the teacher reads after a declaration: recorded when, the receipt, and the letter's fate. */
function notice(recorded: string, letter: { outcome: LetterOutcome; of: keyof typeof LETTERS } | null): { message: string; kind: 'ok' | 'error' } {
  const receipt = 'L’accusé de réception est dans votre boîte de réception.';
  if (letter === null) return { message: `${recorded} ${receipt}`, kind: 'ok' };
  const words = LETTERS[letter.of];
  const { outcome } = letter;
  if (outcome.kind === 'sent') return { message: `${recorded} ${receipt} ${words.sent} a été envoyé par courriel à ${outcome.to.name} (${outcome.to.address}).`, kind: 'ok' };
  // Said first and as an alert: the IEN has not been told, the teacher must know it.
  const problem =
    outcome.kind === 'failed'
      ? `${words.recorded} ; son envoi par courriel à votre IEN a échoué : ${outcome.reason}.`
      : `${words.recorded} ; l’annuaire ne connaît aucune adresse de messagerie de votre IEN : ${words.it} par courriel.`;
  return { message: `${problem} ${words.pass} par un autre moyen. ${recorded} ${receipt}`, kind: 'error' };
}

/** Days with a préavis (school days of the week) and days with declarations, from recent to the horizon. */
function strikeDays(deps: WebDeps, today: CivilDate): CivilDate[] {
  const { strikes } = deps.services;
  const from = addDays(today, -PARTICIPATION_WINDOW_DAYS);
  const to = addDays(today, DAY_CHOICE_HORIZON_DAYS);
  const days = new Set(strikes.daysWithDeclarations());
  for (const p of strikes.preavis.touching(from, to)) {
    for (const day of daysFromTo(p.from < from ? from : p.from, p.to > to ? to : p.to)) {
      // No école has classes on a Saturday or a Sunday.
      if (weekday(day) !== 0 && weekday(day) !== 6) days.add(day);
    }
  }
  return [...days].sort();
}

export function strikeRoutes(deps: WebDeps, submission: ComposeSettings['submission']): Router {
  const router = Router();
  const { strikes, systemMail } = deps.services;

  const declarantOf = (account: Account): Declarant | null => {
    const eligibility = strikes.eligibility(account.address);
    return eligibility.obliged ? eligibility.declarant : null;
  };

  /** The page, with a refusal said at the top when there is one (and the days ticked again). */
  function showPage(res: Response, options: { status?: number; error?: string; ticked?: readonly string[] } = {}): void {
    const { account } = signedIn(res.locals);
    const viewer = viewerOf(account);
    const eligibility = strikes.eligibility(account.address);
    let offered: OfferedDay[] = [];
    let error = options.error ?? null;
    if (eligibility.obliged) {
      try {
        offered = strikes.offeredDays(eligibility.declarant, account.id);
      } catch (err) {
        // The annuaire lacks the école's week or zone: nothing can be computed, and she is told why.
        if (!(err instanceof StrikeError)) throw err;
        error ??= err.message;
      }
    }
    renderPage(deps, res, {
      title: error ? 'Erreur : déclaration de grève' : 'Déclaration de grève',
      status: options.status ?? 200,
      main: declarationPage({
        csrfToken: res.locals.csrfToken,
        eligibility,
        offered,
        mine: strikes.mine(viewer).map((declaration) => ({ declaration, canWithdraw: strikes.canWithdraw(declaration) })),
        participationDays: eligibility.obliged ? strikes.participationDays() : [],
        circonscriptions: strikes.circonscriptionsOf(viewer).length > 0,
        admin: account.role === 'admin',
        error,
        ticked: options.ticked ?? [],
      }),
      current: { entry: 'greve', page: true },
    });
  }

  /** Runs a declaring step; a StrikeError re-renders the page with its message (nothing was recorded). */
  async function acting(req: Request, res: Response, act: (account: Account) => Promise<{ message: string; kind: 'ok' | 'error' }>, ticked: readonly string[] = []): Promise<void> {
    const { account } = signedIn(res.locals);
    let outcome;
    try {
      outcome = await act(account);
    } catch (err) {
      if (!(err instanceof StrikeError)) throw err;
      showPage(res, { status: err.status, error: err.message, ticked });
      return;
    }
    flash(deps, res, outcome.message, outcome.kind);
    seeOther(req, res, GREVE_URL);
  }

  router.get(GREVE_URL, (_req, res) => showPage(res));

  router.post(DECLARE_URL, async (req, res) => {
    const days = daysField(req.body);
    await acting(
      req,
      res,
      async (account) => {
        const declared = strikes.declare(viewerOf(account), days);
        const declarant = declarantOf(account);
        const recorded = `Votre déclaration d’intention de grève pour le ${dayList(declared)} est enregistrée ; reçue ${frenchTimestamp(declared[0]!.receivedAt)}.`;
        // The annuaire changed between the two reads (an import): recorded, nothing more to send.
        if (!declarant) return { message: recorded, kind: 'ok' };
        systemMail.deliver(account.id, declarationReceipt(declarant, declared));
        const outcome = await sendLetter(deps, submission, account, declarant, declarationLetter(declarant, declared));
        return notice(recorded, { outcome, of: 'declaration' });
      },
      days,
    );
  });

  router.post(`${GREVE_URL}/declarations/:id/retirer`, async (req, res) => {
    await acting(req, res, async (account) => {
      const id = Number(req.params.id);
      if (!Number.isSafeInteger(id)) throw new StrikeError('Déclaration introuvable.', 404);
      const withdrawn = strikes.withdraw(viewerOf(account), id);
      const recorded = `Votre déclaration d’intention pour le ${frenchDate(withdrawn.day)} est retirée ${frenchTimestamp(withdrawn.withdrawnAt!)}.`;
      const declarant = declarantOf(account);
      // Someone the annuaire no longer lists as a teacher may still withdraw; no letter then.
      const person = declarant?.person ?? deps.services.directory.person(account.address);
      if (!person) return { message: recorded, kind: 'ok' };
      systemMail.deliver(account.id, withdrawalReceipt({ person }, withdrawn));
      if (!declarant) return notice(recorded, null);
      const outcome = await sendLetter(deps, submission, account, declarant, withdrawalLetter(declarant, withdrawn));
      return notice(recorded, { outcome, of: 'withdrawal' });
    });
  });

  router.post(PARTICIPATION_URL, async (req, res) => {
    await acting(req, res, async (account) => {
      const declaration = strikes.declareParticipation(viewerOf(account), textField(req.body, 'day'));
      const declarant = declarantOf(account);
      const recorded = `Votre déclaration de participation à la grève du ${frenchDate(declaration.day)} est enregistrée ; reçue ${frenchTimestamp(declaration.receivedAt)}.`;
      if (!declarant) return { message: recorded, kind: 'ok' };
      systemMail.deliver(account.id, declarationReceipt(declarant, [declaration]));
      return notice(recorded, null);
    });
  });

  function refuse(res: Response, status: number, message: string): void {
    renderPage(deps, res, {
      title: status === 403 ? 'Accès réservé' : 'Demande invalide',
      status,
      main: errorPage(status === 403 ? 'Accès réservé' : 'Demande invalide', message, { href: GREVE_URL, label: 'Retour à la page Grève' }),
      current: { entry: 'greve', page: false },
    });
  }

  /**
   * The circonscription and day asked for (`?uai=&date=`), or the viewer's first and the next
   * strike day; null once the refusal is sent (not an IEN or admin, another circonscription, a
   * date that is none).
   */
  function dayChoice(req: Request, res: Response): (DayChoice & { viewer: StrikeViewer }) | null {
    const viewer = viewerOf(signedIn(res.locals).account);
    const circonscriptions = strikes.circonscriptionsOf(viewer);
    if (circonscriptions.length === 0) {
      refuse(res, 403, 'Ces pages sont réservées à l’IEN de la circonscription et aux administrateurs de la messagerie : les déclarations de grève sont couvertes par le secret professionnel (article L133-5 du code de l’éducation).');
      return null;
    }
    const askedUai = textField(req.query, 'uai');
    let circonscription: Structure | undefined = circonscriptions[0]!;
    if (askedUai) {
      const uai = normalizeUai(askedUai);
      circonscription = circonscriptions.find((c) => c.uai === uai);
      // The same answer whether it exists or not: nothing is said of a circonscription one may not see.
      if (!circonscription) {
        refuse(res, 403, 'Vous n’avez pas accès aux déclarations de cette circonscription.');
        return null;
      }
    }
    const today = parisDay(Date.now());
    const days = strikeDays(deps, today);
    const askedDate = textField(req.query, 'date');
    let day: CivilDate | null = days.find((d) => d >= today) ?? days.at(-1) ?? null;
    if (askedDate) {
      day = parseCivilDate(askedDate);
      if (!day) {
        refuse(res, 400, `Date invalide « ${askedDate} » : attendu AAAA-MM-JJ.`);
        return null;
      }
      if (!days.includes(day)) {
        days.push(day);
        days.sort();
      }
    }
    return { viewer, circonscriptions, circonscription, days, day };
  }

  router.get(CIRCONSCRIPTION_URL, (req, res) => {
    const choice = dayChoice(req, res);
    if (!choice) return;
    const ecoles = choice.day ? strikes.circonscriptionDay(choice.viewer, choice.circonscription.uai, choice.day) : null;
    renderPage(deps, res, {
      title: `Déclarations de grève : ${choice.circonscription.nom}`,
      main: circonscriptionPage({ ...choice, ecoles }),
      current: { entry: 'greve', page: false },
    });
  });

  router.get(MAYOR_URL, (req, res) => {
    const choice = dayChoice(req, res);
    if (!choice) return;
    const { viewer, circonscription, day } = choice;
    if (!day) {
      refuse(res, 400, 'Aucun préavis de grève n’est enregistré : il n’y a rien à communiquer au maire.');
      return;
    }
    const communes = strikes.mayorCounts(viewer, circonscription.uai, day);
    if (textField(req.query, 'format') === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', contentDisposition('attachment', `greve-${day}-${circonscription.uai}.csv`));
      res.send(mayorCsv(communes));
      return;
    }
    renderPage(deps, res, {
      title: `Grève du ${frenchDate(day)} : communication au maire`,
      main: mayorPage({ circonscription, day, communes }),
      current: { entry: 'greve', page: false },
    });
  });

  return router;
}
