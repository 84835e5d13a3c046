/**
 * « Campagnes de promotion ouvertes » on « Vos perspectives »: what the administration
 * announces (hors-classe, classe exceptionnelle, listes d'aptitude…), for one corps or all,
 * open from one day to another, both included, with a link to where one applies (SIAP).
 * Managed with `webmel iprof campaign add|list|remove`.
 */
import { parseCivilDate } from '../../calendar/index.js';
import type { Db } from '../../db/database.js';
import { PortalError } from '../portal-error.js';
import type { CareerGrids } from './grids.js';

const MAX_TITLE_CHARS = 200;
const MAX_CORPS_CHARS = 120;

export interface Campaign {
  id: number;
  title: string;
  /** '' for every corps. */
  corps: string;
  opens: string;
  closes: string;
  /** '' when there is no link. */
  url: string;
}

export type CampaignInput = Omit<Campaign, 'id'>;

export class Campaigns {
  private readonly stmt;

  constructor(
    db: Db,
    private readonly grids: CareerGrids,
  ) {
    this.stmt = {
      list: db.prepare(`SELECT id, title, corps, opens, closes, url FROM portal_campaigns ORDER BY opens, id`),
      get: db.prepare(`SELECT id, title, corps, opens, closes, url FROM portal_campaigns WHERE id = ?`),
      openOn: db.prepare(`SELECT id, title, corps, opens, closes, url FROM portal_campaigns WHERE opens <= @day AND closes >= @day ORDER BY closes, id`),
      insert: db.prepare(`INSERT INTO portal_campaigns (title, corps, opens, closes, url) VALUES (@title, @corps, @opens, @closes, @url) RETURNING id`).pluck(),
      remove: db.prepare(`DELETE FROM portal_campaigns WHERE id = ?`),
    };
  }

  list(): Campaign[] {
    return this.stmt.list.all() as Campaign[];
  }

  add(input: CampaignInput): Campaign {
    const title = input.title.trim().replace(/\s+/g, ' ');
    if (title === '' || title.length > MAX_TITLE_CHARS) throw new PortalError(`Le titre est obligatoire, ${MAX_TITLE_CHARS} caractères au plus.`);
    const corps = input.corps.trim().replace(/\s+/g, ' ');
    if (corps.length > MAX_CORPS_CHARS) throw new PortalError(`Corps trop long : ${MAX_CORPS_CHARS} caractères au plus.`);
    const opens = parseCivilDate(input.opens);
    if (!opens) throw new PortalError(`Date d’ouverture invalide « ${input.opens.trim().slice(0, 20)} » : AAAA-MM-JJ attendu.`);
    const closes = parseCivilDate(input.closes);
    if (!closes) throw new PortalError(`Date de clôture invalide « ${input.closes.trim().slice(0, 20)} » : AAAA-MM-JJ attendu.`);
    if (closes < opens) throw new PortalError(`La clôture (${closes}) précède l’ouverture (${opens}).`);
    const url = input.url.trim() === '' ? '' : httpUrl(input.url);
    const id = this.stmt.insert.get({ title, corps, opens, closes, url }) as number;
    return this.stmt.get.get(id) as Campaign;
  }

  remove(id: number): boolean {
    return this.stmt.remove.run(id).changes > 0;
  }

  /** The campaigns open on `day` for an agent of `corps` (those for every corps included); all of them for corps null. */
  openOn(day: string, corps: string | null): Campaign[] {
    return (this.stmt.openOn.all({ day }) as Campaign[]).filter((c) => c.corps === '' || corps === null || this.grids.sameCorps(c.corps, corps));
  }
}

function httpUrl(text: string): string {
  const refused = () => new PortalError(`Lien invalide « ${text.trim().slice(0, 80)} » : une adresse http ou https est attendue.`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw refused();
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused();
  return url.toString();
}
