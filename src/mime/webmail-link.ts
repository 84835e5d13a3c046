/**
 * Links to the webmail in mail that Webmel writes itself (quota warnings today; unsubscribe
 * links and notifications later): always from WEBMEL_PUBLIC_URL, the address users reach, never
 * from the port the server listens on, which a reverse proxy hides.
 */

/**
 * `https://webmel.example/space?x=1` from the public URL (no trailing slash, config.ts), a path of
 * the webmail and its query parameters (encoded here, RFC 3986 3.4).
 */
export function webmailLink(publicUrl: string, path: string, query: Record<string, string> = {}): string {
  // A path of ours only: `//host` would be another site (RFC 3986 4.2), a bare word a typo.
  if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`webmail path must start with one slash: ${path}`);
  const search = new URLSearchParams(query).toString();
  return `${publicUrl}${path}${search ? `?${search}` : ''}`;
}
