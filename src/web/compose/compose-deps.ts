/**
 * What the compose side needs, built once by `composeRoutes`: the webmail's own dependencies,
 * the working copies of compositions, the signatures, the directory, and where to submit.
 */
import path from 'node:path';
import type { Directory } from '../../directory/index.js';
import type { WebDeps } from '../web-context.js';
import { ComposeStore } from './compose-store.js';
import type { SignatureStore } from '../../preferences/index.js';

/** « Message envoyé — Annuler » stays this long: enough to notice a mistake, short enough not to wait. */
export const DEFAULT_UNDO_SEND_MS = 10_000;

export interface ComposeSettings {
  /**
   * Our submission listener (RFC 6409). Null: compose pages work and drafts are saved, but
   * sending answers that it is unavailable.
   */
  submission: { host: string; port: number } | null;
  /** How long a sent message waits in the queue, cancellable (0: it leaves at once). */
  undoSendMs: number;
}

export interface ComposeDeps {
  web: WebDeps;
  store: ComposeStore;
  signatures: SignatureStore;
  directory: Directory;
  settings: ComposeSettings;
}

export function composeDeps(web: WebDeps, settings: Partial<ComposeSettings> = {}): ComposeDeps {
  return {
    web,
    store: new ComposeStore(path.join(web.services.config.dataDir, 'compose')),
    signatures: web.services.signatures,
    directory: web.services.directory,
    settings: { submission: settings.submission ?? null, undoSendMs: settings.undoSendMs ?? DEFAULT_UNDO_SEND_MS },
  };
}
