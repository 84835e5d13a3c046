/**
 * Saving a composition as a draft in Brouillons (APPEND with \Draft, RFC 3501 2.3.2): the new
 * version is appended first, then the previous one removed (UID EXPUNGE), so a failure at any
 * point leaves at least one version, never none, and a success leaves exactly one. An autosave
 * with nothing new writes nothing.
 */
import type { Account } from '../../accounts/account-store.js';
import type { ComposeDeps } from './compose-deps.js';
import { appendMessage, expungeRef, specialPath } from './compose-imap.js';
import { contentHash, draftBytes } from './compose-message.js';
import type { ComposeState } from './compose-store.js';

export type SaveOutcome =
  | { kind: 'saved'; at: Date }
  | { kind: 'unchanged' }
  | { kind: 'failed'; reason: string };

function imapCode(err: unknown): string | null {
  const code = (err as { serverResponseCode?: unknown } | null)?.serverResponseCode;
  return typeof code === 'string' ? code : null;
}

/**
 * Saves `state` (the caller holds its lock) and records the new draft in it. An autosave
 * (`force` false) skips a composition nobody has touched yet.
 */
export async function saveDraft(cd: ComposeDeps, account: Account, state: ComposeState, options: { force?: boolean } = {}): Promise<SaveOutcome> {
  const hash = contentHash(state);
  if (state.draft && state.savedHash === hash) return { kind: 'unchanged' };
  if (!state.draft && !options.force && hash === state.initialHash) return { kind: 'unchanged' };
  const path = await specialPath(cd.web.pool, account, '\\Drafts');
  if (!path) return { kind: 'failed', reason: 'Votre compte n’a pas de dossier Brouillons.' };
  const raw = await draftBytes(cd, account, state);
  if (raw.length > cd.web.services.config.maxMessageBytes) {
    return { kind: 'failed', reason: 'Brouillon non enregistré : le message dépasse la taille maximale. Retirez une pièce jointe.' };
  }
  let saved;
  try {
    saved = await appendMessage(cd.web.pool, account, path, raw, ['\\Draft', '\\Seen']);
  } catch (err) {
    const code = imapCode(err);
    if (code === 'OVERQUOTA') return { kind: 'failed', reason: 'Brouillon non enregistré : votre boîte est pleine. Libérez de l’espace.' };
    if (code === 'TOOBIG') return { kind: 'failed', reason: 'Brouillon non enregistré : le message est trop volumineux.' };
    // The server's disk under its reserve (src/imap/errors.ts MAIL_SYSTEM_FULL).
    if (code === 'LIMIT') return { kind: 'failed', reason: 'Brouillon non enregistré : le serveur manque d’espace disque. Réessayez plus tard.' };
    throw err;
  }
  if (!saved) return { kind: 'failed', reason: 'Le serveur de messagerie n’a pas enregistré le brouillon.' };
  const previous = state.draft;
  state.draft = { ...saved, size: raw.length };
  state.savedHash = hash;
  cd.store.save(state);
  if (previous) {
    // The old version goes only once the new one is safe. Should this fail, the reader sees
    // two versions, never none.
    await expungeRef(cd.web.pool, account, previous).catch((err: unknown) =>
      cd.web.services.log.warn({ err, user: account.login }, 'old draft version not removed'),
    );
  }
  return { kind: 'saved', at: new Date() };
}

/** Removes the composition's draft (sent, or discarded). */
export async function deleteDraft(cd: ComposeDeps, account: Account, state: ComposeState): Promise<void> {
  const draft = state.draft;
  if (!draft) return;
  state.draft = null;
  state.savedHash = null;
  cd.store.save(state);
  await expungeRef(cd.web.pool, account, draft);
}
