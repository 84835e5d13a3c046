/**
 * IMAP response formatting from the stored MIME tree (src/mime/mime-tree.ts).
 *
 * What it is for: FETCH ENVELOPE, BODY, BODYSTRUCTURE and BODY[section]<partial> without ever
 * reparsing a message. The tree is computed once at delivery; here it is only formatted
 * (envelope.ts, bodystructure.ts) or used to find byte ranges of the raw message
 * (src/mime/mime-sections.ts, header-fields.ts). imap-string.ts holds the quoting rules every IMAP
 * response writer shares.
 *
 * Invariants
 * - Output is bytes (Buffer): literal lengths count bytes, and header bytes go out as received.
 * - Strings passed to imap-string helpers are text (sent as UTF-8); ByteStrings from the tree
 *   go through fromByteString() first.
 * - No function here reads the message store or a socket; all are pure.
 */
export { partByPath, partialRange, parseSectionSpec, sectionRange } from '../../mime/mime-sections.js';
export type { ByteRange, SectionSpec, SectionTextType } from '../../mime/mime-sections.js';
export { formatBody, formatBodyStructure } from './bodystructure.js';
export { EMPTY_ENVELOPE, formatAddress, formatAddressList, formatEnvelope } from './envelope.js';
export { filterHeaderFields } from './header-fields.js';
export {
  MAX_QUOTED_BYTES,
  NIL,
  NUL_REPLACEMENT,
  astring,
  fromByteString,
  imapString,
  isQuotable,
  literal,
  nstring,
  quoted,
  replaceNuls,
  toBytes,
} from './imap-string.js';
export type { ImapText } from './imap-string.js';
