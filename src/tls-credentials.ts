/**
 * WEBMEL_TLS_CERT / WEBMEL_TLS_KEY name PEM files; the PEM text itself is accepted too (a
 * value that starts with `-----BEGIN`), as some deployments pass secrets inline.
 */
import fs from 'node:fs';
import type { Config } from './config.js';

function pem(value: string): string {
  return value.trimStart().startsWith('-----BEGIN') ? value : fs.readFileSync(value, 'utf8');
}

/** The key and certificate, read once at start (a missing file stops the start, loudly). */
export function tlsCredentials(tls: NonNullable<Config['tls']>): { key: string; cert: string } {
  return { key: pem(tls.key), cert: pem(tls.cert) };
}
