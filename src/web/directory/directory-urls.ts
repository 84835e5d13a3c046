/** The annuaire's URLs, built in one place. */
import { formatAddressField } from '../compose/address-field.js';
import { newMessageUrl } from '../compose/compose-urls.js';

export const ANNUAIRE_URL = '/annuaire';

/** A structure's page; the UAI as stored (upper case), though the route takes any case. */
export function structureUrl(uai: string): string {
  return `${ANNUAIRE_URL}/structures/${encodeURIComponent(uai)}`;
}

/** « Écrire »: a new message to `address`, its name shown in « À ». */
export function writeToUrl(name: string, address: string): string {
  return newMessageUrl(formatAddressField([{ name, address }]));
}
