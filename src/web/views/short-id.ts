/**
 * A short, stable id for an element built from a folder path (HTML ids must be unique per page;
 * paths may hold any character). FNV-1a, 32 bits: not a secret, only a name; a collision would
 * merely make htmx target the wrong row of two, and needs two folders on one page to collide.
 */
export function shortId(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
