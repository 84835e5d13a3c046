/**
 * The webmail's URLs, built in one place. Folder names may hold `/`, spaces and accents: each
 * is one path segment, percent-encoded (Express decodes it back into `req.params.name`).
 */

export type SortKey = 'date' | 'from' | 'subject' | 'size';
export type SortOrder = 'asc' | 'desc';

export interface ListParams {
  page?: number;
  sort?: SortKey;
  order?: SortOrder;
}

function query(params: Record<string, string | number | undefined | null | false>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== false && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function mailboxUrl(path: string, params: ListParams = {}): string {
  return `/mailboxes/${encodeURIComponent(path)}${query({
    page: params.page && params.page > 1 ? params.page : undefined,
    sort: params.sort && params.sort !== 'date' ? params.sort : undefined,
    order: params.order && params.order !== (params.sort && params.sort !== 'date' ? 'asc' : 'desc') ? params.order : undefined,
  })}`;
}

export function mailboxActionUrl(path: string, action: string): string {
  return `/mailboxes/${encodeURIComponent(path)}/${action}`;
}

export function messageUrl(path: string, uid: number, params: { images?: boolean } = {}): string {
  return `/mailboxes/${encodeURIComponent(path)}/messages/${uid}${query({ images: params.images ? 1 : undefined })}`;
}

export function messageActionUrl(path: string, uid: number, action: string): string {
  return `/mailboxes/${encodeURIComponent(path)}/messages/${uid}/${action}`;
}

export function messageBodyUrl(path: string, uid: number, images: boolean): string {
  return `${messageActionUrl(path, uid, 'body')}${query({ images: images ? 1 : undefined })}`;
}

export function partUrl(path: string, uid: number, part: string, inline = false): string {
  return `${messageActionUrl(path, uid, `parts/${part}`)}${query({ inline: inline ? 1 : undefined })}`;
}

export { query as queryString };
