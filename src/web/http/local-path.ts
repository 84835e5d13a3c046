/**
 * Where to send the reader back after a form (`back=` fields): only a path on this site, never
 * `//other.example` or `/\other.example` (which browsers read as another host), so a crafted
 * link cannot turn a form into an open redirect.
 */

const MAX_PATH_CHARS = 2000;

export function localPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH_CHARS) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  return value;
}
