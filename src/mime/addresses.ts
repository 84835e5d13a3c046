/** Parts of an email address as the mail system compares them. */

/** The domain of `local@domain`, lower-cased (RFC 5321 2.4: domains are case-insensitive); '' without one. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}
