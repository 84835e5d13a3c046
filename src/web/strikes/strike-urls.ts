/** The strike declaration's URLs, built in one place. */

export const GREVE_URL = '/greve';
export const DECLARE_URL = `${GREVE_URL}/declarer`;
export const PARTICIPATION_URL = `${GREVE_URL}/participation`;
export const CIRCONSCRIPTION_URL = `${GREVE_URL}/circonscription`;
export const MAYOR_URL = `${CIRCONSCRIPTION_URL}/maire`;
export const ADMIN_GREVE_URL = '/admin/greve';
export const ADMIN_PREAVIS_URL = `${ADMIN_GREVE_URL}/preavis`;

export function withdrawUrl(id: number): string {
  return `${GREVE_URL}/declarations/${id}/retirer`;
}

/** The IEN's page of one circonscription and day (and the mayor's, and its CSV). */
export function circonscriptionDayUrl(base: typeof CIRCONSCRIPTION_URL | typeof MAYOR_URL, uai: string, date: string, format?: 'csv'): string {
  const query = new URLSearchParams({ uai, date, ...(format ? { format } : {}) });
  return `${base}?${query.toString()}`;
}
