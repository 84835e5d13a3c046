/** Reading route parameters and form fields defensively: wrong types and sizes become defaults. */
import type { Account } from '../../accounts/account-store.js';
import { findFolder, listFolders, type Folder } from '../mail-client/folders.js';
import type { ListRequest } from '../mail-client/message-list.js';
import { isUid } from '../mail-client/uid.js';
import { parseMessageRef } from '../views/message-ref.js';
import type { SortKey, SortOrder } from '../views/urls.js';
import type { WebDeps } from '../web-context.js';
import { NotFoundError } from './errors.js';

const SORT_KEYS: ReadonlySet<string> = new Set(['date', 'from', 'subject', 'size']);
/** No folder has more pages than this (50 × 100,000 messages is far past any quota). */
const MAX_PAGE = 100_000;

export function bodyField(body: unknown, name: string, max = 2048): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return value.slice(0, max);
  return '';
}

/** All string values of a repeated field (`uid=1&uid=2`). */
function repeated(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.filter((item): item is string => typeof item === 'string');
}

/** All values of a repeated field (`uid=1&uid=2`), as positive 32-bit integers. */
export function uidList(body: unknown, name = 'uid'): number[] {
  return [...new Set(repeated(body, name).map(Number).filter(isUid))];
}

/** Messages of one folder that an action applies to. */
export interface FolderSelection {
  folder: Folder;
  uids: number[];
}

/**
 * The messages ticked in a form that spans folders (`message=uid:path`, see message-ref.ts), by
 * folder; those of a folder that is not among the reader's own are left out.
 */
export function selectionsAcrossFolders(body: unknown, folders: readonly Folder[]): FolderSelection[] {
  const byPath = new Map<string, { folder: Folder; uids: Set<number> }>();
  for (const value of repeated(body, 'message')) {
    const ref = parseMessageRef(value);
    const folder = ref ? findFolder(folders, ref.path) : null;
    if (!ref || !folder || !folder.selectable) continue;
    let selection = byPath.get(folder.path);
    if (!selection) byPath.set(folder.path, (selection = { folder, uids: new Set() }));
    selection.uids.add(ref.uid);
  }
  return [...byPath.values()].map(({ folder, uids }) => ({ folder, uids: [...uids] }));
}

export function uidParam(value: string | undefined): number {
  const uid = Number(value);
  if (!isUid(uid) || String(uid) !== value) throw new NotFoundError('bad uid');
  return uid;
}

export function listRequest(query: Record<string, unknown>): ListRequest {
  const page = Number(query.page);
  const sort = (typeof query.sort === 'string' && SORT_KEYS.has(query.sort) ? query.sort : 'date') as SortKey;
  const defaultOrder: SortOrder = sort === 'date' ? 'desc' : 'asc';
  const order = query.order === 'asc' || query.order === 'desc' ? query.order : defaultOrder;
  return { page: Number.isSafeInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1, sort, order };
}

/** The reader's folder named in the URL, with the whole list (for the navigation); 404 if it is not theirs. */
export async function loadFolder(deps: WebDeps, account: Account, name: string | undefined): Promise<{ folder: Folder; folders: Folder[] }> {
  const folders = await listFolders(deps.pool, account);
  const folder = name ? findFolder(folders, name) : null;
  if (!folder || !folder.selectable) throw new NotFoundError(`no folder ${name}`);
  return { folder, folders };
}

/** A folder name typed in a form: trimmed, bounded, without the characters IMAP gives a meaning to. */
export function folderNameField(body: unknown): string | null {
  const name = bodyField(body, 'name', 400).trim();
  if (!name || name.length > 200 || /[\u0000-\u001f\u007f*%\\]/.test(name)) return null;
  if (name.split('/').some((part) => part.trim() === '' || part.trim() !== part)) return null;
  return name;
}
