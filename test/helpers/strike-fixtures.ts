/**
 * For the strike pages' tests, over the annuaire fixtures (école Jean Jaurès, 4 jours, zone B,
 * no school holidays entered): strike days chosen from the real today (Strikes reads Date.now),
 * signing in anyone of the annuaire, and reading a mailbox from the store.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { hashSecretSync } from '../../src/accounts/password.js';
import { addDays, parisDay, publicHolidayOn, weekday, type CivilDate } from '../../src/calendar/index.js';
import { UAI } from './directory-fixtures.js';
import { GOOD_PASSWORD, type WebClient, type WebTest } from './web.js';

/** Jean Jaurès's week (4 jours): lundi, mardi, jeudi, vendredi. */
const CLASS_WEEKDAYS = new Set([1, 2, 4, 5]);

const isClassDay = (day: CivilDate) => CLASS_WEEKDAYS.has(weekday(day)) && !publicHolidayOn(day);

/**
 * `count` class days of Jean Jaurès, in order, the first at least `fromDays` ahead of today
 * (two weeks: its deadline is days ahead too, checked against the domain's own answer).
 */
export function classDaysAhead(t: WebTest, count: number, fromDays = 14): CivilDate[] {
  const days: CivilDate[] = [];
  for (let day = addDays(parisDay(Date.now()), fromDays); days.length < count; day = addDays(day, 1)) if (isClassDay(day)) days.push(day);
  const deadline = Date.parse(t.webmel.services.strikes.deadline(UAI.ecole, days[0]!).deadline);
  if (!(deadline > Date.now() + 3 * 24 * 3600 * 1000)) throw new Error(`the deadline of ${days[0]} is not ahead: ${deadline}`);
  return days;
}

/** The next class day: its deadline (three days or more before it) is past. */
export function lateClassDay(): CivilDate {
  let day = addDays(parisDay(Date.now()), 1);
  while (!isClassDay(day)) day = addDays(day, 1);
  return day;
}

/** Registers a préavis, as an admin would. */
export function addPreavis(t: WebTest, from: CivilDate, to: CivilDate = from, union = 'SNUipp-FSU'): void {
  t.webmel.services.strikes.preavis.add({ union, from, to, reference: 'PR-TEST' });
}

/** Signs in someone of the annuaire with an account (their password chosen, not the NUMEN any more). */
export async function signInAs(t: WebTest, address: string): Promise<WebClient> {
  const { accounts } = t.webmel.services;
  const account = accounts.byAddress(address);
  if (!account) throw new Error(`no account ${address}`);
  accounts.setPasswordHash(account.id, hashSecretSync(GOOD_PASSWORD), false);
  const client = t.client();
  const page = await client.signIn(account.login, GOOD_PASSWORD);
  if (page.status !== 303) throw new Error(`sign-in failed: ${page.status}`);
  await client.get('/account'); // the session's CSRF token
  return client;
}

/** The messages of one of the account's folders, oldest first, parsed. */
export async function mailsIn(t: WebTest, address: string, folder = 'INBOX'): Promise<ParsedMail[]> {
  const { store, accounts } = t.webmel.services;
  const mailbox = store.getMailbox(accounts.byAddress(address)!.id, folder);
  const uids = store.messageIndex(mailbox.id).map((m) => m.uid);
  return Promise.all(store.messagesByUids(mailbox.id, uids).map((row) => simpleParser(store.raw(row.contentId))));
}
