/**
 * Static files, served from memory under content-hashed URLs (`/static/app.3f2a….css`) so
 * browsers cache them for a year and a new release is fetched at once. htmx comes from our own
 * node_modules, never a CDN.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { APP_CSS } from './app-css.js';
import { APP_JS } from './app-js.js';
import { BULLETINS_CSS } from './bulletins-css.js';
import { ADMIN_CSS } from './admin-css.js';
import { COMPOSE_CSS } from './compose-css.js';
import { COMPOSE_JS } from './compose-js.js';
import { PORTAL_JS } from './portal-js.js';
import { DIRECTORY_CSS } from './directory-css.js';
import { ELECTION_CSS } from './election-css.js';
import { STRIKES_CSS } from './strikes-css.js';
import { PORTAL_CSS } from './portal-css.js';

export interface Asset {
  /** URL path with the hash, e.g. `/static/app.1a2b3c4d.css`. */
  url: string;
  contentType: string;
  body: Buffer;
  etag: string;
}

export interface Assets {
  css: Asset;
  appJs: Asset;
  htmx: Asset;
  byUrl: ReadonlyMap<string, Asset>;
}

function asset(name: string, ext: string, contentType: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { url: `/static/${name}.${hash}.${ext}`, contentType, body, etag: `"${hash}"` };
}

export function loadAssets(): Assets {
  const require = createRequire(import.meta.url);
  // htmx.org's package.json lists dist/*.js as published files; the minified build is what browsers get.
  const htmxPath = require.resolve('htmx.org/dist/htmx.min.js');
  // The compose side's, the annuaire's, the strike pages', the élections banner's and institutional mail's styles, and the compose script, ride in the same two files (one request each, one hash).
  const css = asset('app', 'css', 'text/css; charset=utf-8', Buffer.from(APP_CSS + COMPOSE_CSS + DIRECTORY_CSS + STRIKES_CSS + ELECTION_CSS + BULLETINS_CSS + ADMIN_CSS + PORTAL_CSS, 'utf8'));
  const appJs = asset('app', 'js', 'text/javascript; charset=utf-8', Buffer.from(APP_JS + COMPOSE_JS + PORTAL_JS, 'utf8'));
  const htmx = asset('htmx', 'js', 'text/javascript; charset=utf-8', fs.readFileSync(htmxPath));
  return { css, appJs, htmx, byUrl: new Map([css, appJs, htmx].map((a) => [a.url, a])) };
}
