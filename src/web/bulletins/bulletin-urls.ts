/** Institutional mail's URLs (issue 20), built in one place. */

/** « Bulletins »: what the académie and the ministry sent the reader. */
export const BULLETINS_URL = '/bulletins';
/** The admins' publishing page and its list. */
export const ADMIN_BULLETINS_URL = '/admin/bulletins';
/** The admins' form for the date union unsubscriptions last until. */
export const ADMIN_UNSUBSCRIBE_UNTIL_URL = `${ADMIN_BULLETINS_URL}/desabonnements`;
/** A union's page (role syndicat). */
export const UNION_URL = '/diffusion-syndicale';
/** The one-click unsubscribe (RFC 8058), outside sign-in: src/bulletins writes this path into each union message. */
export const UNSUBSCRIBE_URL = '/desabonnement';

export function bulletinUrl(id: number, options: { images?: boolean } = {}): string {
  return `${BULLETINS_URL}/${id}${options.images ? '?images=1' : ''}`;
}

/** The sandboxed frame's document of an HTML bulletin. */
export function bulletinBodyUrl(id: number, images: boolean): string {
  return `${BULLETINS_URL}/${id}/contenu${images ? '?images=1' : ''}`;
}

export function unsubscribeUrl(token: string): string {
  return `${UNSUBSCRIBE_URL}/${encodeURIComponent(token)}`;
}

/** « Recevoir à nouveau » on the settings page: takes back the refusal of one union's mail. */
export const RESUBSCRIBE_ROUTE = '/account/syndicats/:unionId/recevoir';

export function resubscribeUrl(unionId: number): string {
  return RESUBSCRIBE_ROUTE.replace(':unionId', String(unionId));
}
