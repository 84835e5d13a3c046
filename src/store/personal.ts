/**
 * One content for every recipient, one token for each: a union message's unsubscribe link must
 * name its recipient (RFC 8058), yet the message to 100,000 agents is stored once. The shared
 * content carries PERSONAL_SLOT wherever the token goes; each message row keeps its
 * recipient's token, of exactly the slot's length, and the raw message is read with the token
 * in place of the slot. Same length, so every size, offset and line count the store and IMAP
 * keep for the content (RFC822.SIZE, BODYSTRUCTURE, section offsets) holds for every copy.
 */

/** The placeholder, 36 characters like a token (27 bytes in base64url). Never a valid token: `~` is not base64url. */
export const PERSONAL_SLOT = '~webmel~personal~slot~~~~~~~~~~~~~~~';

const SLOT = Buffer.from(PERSONAL_SLOT, 'latin1');

export function isPersonalToken(token: string): boolean {
  return token.length === PERSONAL_SLOT.length && /^[A-Za-z0-9_-]+$/.test(token);
}

/** `raw` with every slot replaced by `personal` (a copy; `raw` may be shared by a cache). */
export function personalize(raw: Buffer, personal: string | null): Buffer {
  if (personal === null) return raw;
  let at = raw.indexOf(SLOT);
  if (at < 0) return raw;
  const out = Buffer.from(raw);
  const token = Buffer.from(personal, 'latin1');
  while (at >= 0) {
    token.copy(out, at);
    at = raw.indexOf(SLOT, at + SLOT.length);
  }
  return out;
}
