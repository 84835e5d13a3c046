/** The compose side's URLs, built in one place (folder names are one percent-encoded segment). */

export function composeUrl(id: string, action?: string): string {
  return action ? `/compose/${id}/${action}` : `/compose/${id}`;
}

/** Where « Répondre », « Transférer »… and « Reprendre le brouillon » start from a message. */
export function startUrl(path: string, uid: number, kind: 'reply' | 'reply-all' | 'forward' | 'forward-attached' | 'edit'): string {
  return `/mailboxes/${encodeURIComponent(path)}/messages/${uid}/${kind}`;
}

export const NEW_MESSAGE_URL = '/compose';
export const SIGNATURE_URL = '/compose/signature';
export const SUGGESTIONS_URL = '/directory/suggestions';
export const DIRECTORY_SEARCH_URL = '/directory/search';

/** A new message with « À » filled in (`to` as the address field shows it: `Prénom Nom <adresse>`). */
export function newMessageUrl(to: string): string {
  return `${NEW_MESSAGE_URL}?to=${encodeURIComponent(to)}`;
}
