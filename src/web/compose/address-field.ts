/**
 * The To, Cc and Bcc fields as people type them: addresses separated by commas or semicolons,
 * each bare (`jean.dupont@ac-test.fr`) or with a display name (`Jean Dupont <jean…>`,
 * `"Dupont, Jean" <jean…>`). nodemailer's addressparser splits them (RFC 5322 3.4 quoting and
 * groups); we then hold every address to a strict shape and refuse control characters outright,
 * so no field can smuggle a header line (CR LF) into the message.
 */
import addressparser from 'nodemailer/lib/addressparser';

/** RFC 5321 4.5.3.1.3: a path is at most 256 octets, so an address at most 254. */
export const MAX_ADDRESS_CHARS = 254;
/** A display name longer than this is not a name (RFC 5322 2.1.1 lines are 998 octets). */
export const MAX_NAME_CHARS = 200;
/** What one field may hold before parsing: 100 recipients of ordinary length. */
export const MAX_FIELD_CHARS = 32 * 1024;

export interface Recipient {
  name: string;
  address: string;
}

export type AddressFieldResult = { ok: true; recipients: Recipient[] } | { ok: false; error: string };

// C0 controls, DEL and the Unicode line and paragraph separators: none belongs in a header.
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
// RFC 5322 3.2.3 dot-atom text for the local part (ASCII: the submission server does not
// announce SMTPUTF8), and a host name of LDH labels (RFC 1035 2.3.1) with at least one dot.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Whether `address` is one we can put in an envelope and a header as is. */
export function isValidAddress(address: string): boolean {
  if (address.length > MAX_ADDRESS_CHARS) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  // RFC 5321 4.5.3.1.1: a local part is at most 64 octets.
  return local.length <= 64 && LOCAL_PART.test(local) && DOMAIN.test(address.slice(at + 1));
}

/** Text for a header (subject, display name): any control character or line break becomes a space. */
export function headerText(value: string, max: number): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Flattens addressparser's groups (`Équipe: a@x, b@x;`) into their members. */
function flatten(list: addressparser.AddressOrGroup[]): Array<{ name: string; address: string }> {
  const out: Array<{ name: string; address: string }> = [];
  for (const item of list) {
    if ('group' in item && Array.isArray(item.group)) out.push(...flatten(item.group));
    else out.push({ name: item.name ?? '', address: (item as { address?: string }).address ?? '' });
  }
  return out;
}

/**
 * Parses one field. `label` is the field's French name (« À », « Cc », « Cci »), used in the
 * error, which names the first wrong entry as typed.
 */
export function parseAddressField(value: string, label: string): AddressFieldResult {
  if (value.length > MAX_FIELD_CHARS) return { ok: false, error: `Le champ « ${label} » est trop long.` };
  // The fields are single-line inputs: a line break can only come from a forged request.
  if (CONTROL.test(value)) return { ok: false, error: `Le champ « ${label} » contient des caractères interdits (retour à la ligne ou caractère de contrôle).` };
  const text = value.trim();
  if (text === '') return { ok: true, recipients: [] };
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  for (const entry of flatten(addressparser(text))) {
    const address = entry.address.trim();
    if (address === '' && entry.name.trim() === '') continue; // `, ,` or `<>`
    if (!isValidAddress(address)) {
      const shown = (address || entry.name).slice(0, 80);
      return { ok: false, error: `Adresse invalide dans le champ « ${label} » : « ${shown} ». Exemple : prenom.nom@ac-aix-marseille.fr` };
    }
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    recipients.push({ name: headerText(entry.name, MAX_NAME_CHARS), address });
  }
  return { ok: true, recipients };
}

/** Writes recipients back as one field, quoting names that need it (RFC 5322 3.2.4). */
export function formatAddressField(recipients: readonly Recipient[]): string {
  return recipients
    .map((r) => {
      if (!r.name) return r.address;
      const name = /^[\p{L}\p{N} '.-]+$/u.test(r.name) ? r.name : `"${r.name.replace(/["\\]/g, '\\$&')}"`;
      return `${name} <${r.address}>`;
    })
    .join(', ');
}
