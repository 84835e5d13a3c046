/**
 * The admins' view of how full the mailboxes are (issue 21): the dashboard's figures and the
 * account list, sortable, filterable and paginated, over 100,000 accounts. Read from the
 * account store, the store's usage counters and the delivery log, one read each, joined here.
 */
import type { Account, AccountStore } from '../accounts/account-store.js';
import type { RefusalLog } from '../delivery/index.js';
import type { QuotaPolicy } from '../quota/policy.js';
import type { MailStore } from '../store/index.js';

const DAY_MS = 86_400_000;

export interface QuotaRow {
  id: number;
  login: string;
  address: string;
  name: string;
  role: Account['role'];
  degree: Account['degree'];
  uai: string | null;
  circonscription: string | null;
  disabled: boolean;
  usedBytes: number;
  limitBytes: number;
  /** Of the limit, one decimal (100 and over: full). */
  percent: number;
  messages: number;
  /** The highest warning sent (80, 95, 100), 0 when none. */
  warnedLevel: number;
  /** Messages refused to this account in the last 7 days. */
  refused7d: number;
}

export interface QuotaOverview {
  accounts: number;
  totalBytes: number;
  averageBytes: number;
  over80: number;
  over95: number;
  full: number;
  refusedFull24h: number;
  refusedFull7d: number;
  /** Accounts per tenth of their limit: [0–10 %), …, [90–100 %), then full (≥ 100 %). */
  histogram: Array<{ label: string; from: number; to: number | null; accounts: number }>;
}

export type QuotaSort = 'percent' | 'bytes' | 'login';

export interface QuotaFilter {
  /** At least this percent of the limit (80, 95). */
  minPercent?: number;
  full?: boolean;
  /** Refused for quota in the last 7 days. */
  refusedRecently?: boolean;
  role?: string;
  degree?: string;
  circonscription?: string;
  uai?: string;
  /** Part of the login, address or name. */
  query?: string;
}

export interface QuotaPage {
  rows: QuotaRow[];
  total: number;
  page: number;
  pages: number;
}

export const PAGE_SIZE = 50;
/** Profiles (names, roles, limits) change rarely: read again after this, or at once after a change here. Usage is read every time. */
export const PROFILES_TTL_MS = 10_000;

export interface QuotaOverviewDeps {
  accounts: AccountStore;
  store: MailStore;
  policy: QuotaPolicy;
  refusals: RefusalLog;
  now?: () => number;
}

const percentOf = (used: number, limit: number) => (limit <= 0 ? 100 : Math.round((used / limit) * 1000) / 10);
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export class QuotaOverviewReader {
  /**
   * The rows of the last read, by position and by account id. Their profile part is kept
   * while profiles are fresh; their usage is written over in place at every read, so that a
   * read of 100,000 accounts allocates nothing but the usage's JSON.
   */
  private cache: { rows: QuotaRow[]; byId: Array<QuotaRow | undefined>; revision: number; at: number } | null = null;

  constructor(private readonly deps: QuotaOverviewDeps) {}

  private profileRows(now: number): { rows: QuotaRow[]; byId: Array<QuotaRow | undefined> } {
    const kept = this.cache;
    if (kept && kept.revision === this.deps.accounts.revision && now - kept.at < PROFILES_TTL_MS) return kept;
    const revision = this.deps.accounts.revision;
    const rows = this.deps.accounts.quotaProfiles().map((account): QuotaRow => ({
      id: account.id,
      login: account.login,
      address: account.address,
      name: `${account.prenom} ${account.nom}`,
      role: account.role,
      degree: account.degree,
      uai: account.uai,
      circonscription: account.circonscription,
      disabled: account.disabled,
      usedBytes: 0,
      limitBytes: this.deps.policy.limitFor(account),
      percent: 0,
      messages: 0,
      warnedLevel: 0,
      refused7d: 0,
    }));
    const byId: Array<QuotaRow | undefined> = [];
    for (const row of rows) byId[row.id] = row;
    this.cache = { rows, byId, revision, at: now };
    return this.cache;
  }

  /**
   * Every account with its figures, usage read now (the list and the CSV export filter and sort
   * these). The objects are this reader's: valid until its next read; page() hands out copies.
   */
  rows(): QuotaRow[] {
    const now = (this.deps.now ?? Date.now)();
    const { rows, byId } = this.profileRows(Date.now());
    for (const row of rows) {
      row.usedBytes = 0;
      row.messages = 0;
      row.warnedLevel = 0;
      row.percent = 0;
      row.refused7d = 0;
    }
    for (const [id, usedBytes, messageCount, warnedLevel] of this.deps.store.allUsage()) {
      const row = byId[id];
      if (!row) continue; // an account created since the profiles were read: next time
      row.usedBytes = usedBytes;
      row.messages = messageCount;
      row.warnedLevel = warnedLevel;
      row.percent = percentOf(usedBytes, row.limitBytes);
    }
    for (const [id, count] of this.deps.refusals.countsByAccount(now - 7 * DAY_MS, 'full')) {
      const row = byId[id];
      if (row) row.refused7d = count;
    }
    return rows;
  }

  overview(rows = this.rows()): QuotaOverview {
    const now = (this.deps.now ?? Date.now)();
    const histogram = Array.from({ length: 11 }, (_, i) => ({
      label: i < 10 ? `${i * 10} à ${i * 10 + 10} %` : '100 % et plus (pleine)',
      from: i * 10,
      to: i < 10 ? i * 10 + 10 : null,
      accounts: 0,
    }));
    let totalBytes = 0;
    for (const row of rows) {
      totalBytes += row.usedBytes;
      histogram[Math.min(10, Math.floor(row.percent / 10))]!.accounts++;
    }
    return {
      accounts: rows.length,
      totalBytes,
      averageBytes: rows.length === 0 ? 0 : Math.round(totalBytes / rows.length),
      over80: rows.filter((r) => r.percent >= 80).length,
      over95: rows.filter((r) => r.percent >= 95).length,
      full: rows.filter((r) => r.percent >= 100).length,
      refusedFull24h: this.deps.refusals.count(now - DAY_MS, 'full'),
      refusedFull7d: this.deps.refusals.count(now - 7 * DAY_MS, 'full'),
      histogram,
    };
  }

  /** The rows a filter keeps, sorted (fullest first by default). */
  select(filter: QuotaFilter = {}, sort: QuotaSort = 'percent', descending = sort !== 'login', rows = this.rows()): QuotaRow[] {
    const query = filter.query ? fold(filter.query.trim()) : '';
    const kept = rows.filter(
      (r) =>
        (filter.minPercent === undefined || r.percent >= filter.minPercent) &&
        (!filter.full || r.percent >= 100) &&
        (!filter.refusedRecently || r.refused7d > 0) &&
        (!filter.role || r.role === filter.role) &&
        (!filter.degree || r.degree === filter.degree) &&
        (!filter.circonscription || fold(r.circonscription ?? '') === fold(filter.circonscription)) &&
        (!filter.uai || (r.uai ?? '').toUpperCase() === filter.uai.trim().toUpperCase()) &&
        (!query || fold(`${r.login} ${r.address} ${r.name}`).includes(query)),
    );
    const key: Record<QuotaSort, (a: QuotaRow, b: QuotaRow) => number> = {
      percent: (a, b) => a.percent - b.percent || a.usedBytes - b.usedBytes,
      bytes: (a, b) => a.usedBytes - b.usedBytes,
      login: (a, b) => a.login.localeCompare(b.login),
    };
    const sign = descending ? -1 : 1;
    return kept.sort((a, b) => sign * key[sort](a, b) || a.login.localeCompare(b.login));
  }

  /** `rows`: those already read (the console reads them once per request and narrows them to what an IEN may see). */
  page(filter: QuotaFilter = {}, sort: QuotaSort = 'percent', descending = sort !== 'login', page = 1, rows = this.rows()): QuotaPage {
    const selected = this.select(filter, sort, descending, rows);
    const pages = Math.max(1, Math.ceil(selected.length / PAGE_SIZE));
    const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
    // Copies: the kept rows are written over at the next read.
    const shown = selected.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((row) => ({ ...row }));
    return { rows: shown, total: selected.length, page: current, pages };
  }
}
