/**
 * Decides whether a message gets the « message provenant de l'extérieur de l'académie » banner.
 *
 * Academic domains (shared/domain.md 3.4): the académies' `ac-<nom>.fr`, exact only (a
 * subdomain such as `ecole.ac-paris.fr` is a website, not a mail domain, and mail from one is
 * still worth a second look), and the ministry's `education.gouv.fr` with its subdomains (which
 * only the ministry can create). The vice-rectorats' domains are outside the list.
 *
 * Strict on purpose: anything that is not a plain ASCII `local@domain` counts as outside. The
 * banner is the safe mistake. Caller's duty: pass an address whose domain was authenticated (DMARC
 * alignment or our own submission). A forged `From:` would otherwise hide the banner.
 */

const MINISTRY_DOMAIN = 'education.gouv.fr';
// `ac-` then hyphen-separated letters and digits, then `.fr`: ac-paris.fr, ac-aix-marseille.fr,
// ac-nancy-metz.fr. Hyphens only between characters, as in a DNS label (RFC 1035 2.3.1).
const ACADEMY_DOMAIN = /^ac-[a-z0-9]+(?:-[a-z0-9]+)*\.fr$/;
// RFC 1035 2.3.1 and RFC 1123 2.1: letters, digits, inner hyphens, 1 to 63 characters.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** RFC 1035 2.3.4: 255 octets on the wire, 253 characters written out. */
const MAX_DOMAIN_CHARS = 253;
// Checked before lowercasing: `toLowerCase` maps some non-ASCII letters to ASCII (the Kelvin sign
// U+212A becomes `k`), which would let a look-alike domain become an academic one.
const ASCII_DOMAIN = /^[A-Za-z0-9.-]+$/;
// Whitespace, controls, and the characters that separate or wrap addresses in a header: a string
// holding them is a header fragment, not one address, and its last `@` proves nothing.
const NOT_ONE_ADDRESS = /[\s\u0000-\u001f\u007f<>,;()[\]\\]/;

/** The lowercased domain of a plain `local@domain` address, or null. */
function domainOf(address: string): string | null {
  if (NOT_ONE_ADDRESS.test(address)) return null;
  const at = address.lastIndexOf('@'); // a quoted local part may itself hold an `@`
  if (at <= 0) return null;
  const domain = address.slice(at + 1);
  if (domain.length > MAX_DOMAIN_CHARS || !ASCII_DOMAIN.test(domain)) return null;
  const lower = domain.toLowerCase();
  return lower.split('.').every((label) => DNS_LABEL.test(label)) ? lower : null;
}

/** True for an address at an académie's `ac-*.fr` domain or at (a subdomain of) education.gouv.fr. */
export function isAcademicAddress(address: string): boolean {
  const domain = domainOf(address);
  if (domain === null) return false;
  return ACADEMY_DOMAIN.test(domain) || domain === MINISTRY_DOMAIN || domain.endsWith(`.${MINISTRY_DOMAIN}`);
}

/** True when the message should carry the outside-sender banner; a missing address does. */
export function isOutsideSender(address: string | null | undefined): boolean {
  return address === null || address === undefined || !isAcademicAddress(address);
}
