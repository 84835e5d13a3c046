/**
 * Messages as bytes: reading them (mime-tree.ts, the MIME tree with byte offsets that IMAP's
 * BODYSTRUCTURE and BODY[section] and the webmail read; mime-sections.ts; decode-text.ts) and
 * writing them (compose-system-message.ts for our own notices, dsn.ts for RFC 3464 reports,
 * trace-headers.ts for RFC 5321 4.4 trace fields, webmail-link.ts for links to the webmail),
 * and the parts of an address (addresses.ts).
 *
 * Invariants:
 * - Parsing never throws on bad input and is bounded (MAX_MIME_DEPTH, MAX_MIME_PARTS): a
 *   message that parses badly is still stored and served as received.
 * - Nothing here stores or sends: pure functions over bytes.
 *
 * May import: nothing of the project but itself (and smtp-server's types for the trace fields).
 */
export { parseMimeTree, type AddressData, type MimePart } from './mime-tree.js';
export { partByPath, sectionRange, type ByteRange } from './mime-sections.js';
export { composeSystemMessage, type SystemMessage, type SystemPart } from './compose-system-message.js';
export { buildDsn, type DsnInput, type FailedRecipient } from './dsn.js';
export { webmailLink } from './webmail-link.js';
