// IMAP protocol layer: bytes in, typed commands out. Pure code: no sockets, no store, no clock.
//
// Pipeline, per connection:
//   LineReader (line-reader.ts)   bytes -> RawCommand (line segments + literals), limits enforced
//                                 before literal bytes are read, continuation requests signalled
//   parseCommand (parser.ts)      RawCommand -> { tag, command, uid, args: Token[] }
//   parse*Args (one per command)  args -> typed values (FetchArgs, SearchArgs, StoreArgs, ...)
//
// Invariants:
// - Every syntax error is an ImapParseError (answer BAD; `* BAD` when its tag is null). A well-formed
//   argument the server cannot act on is a ProtocolRefusal (answer NO): a SEARCH charset we do not
//   support (BadCharsetError, NO [BADCHARSET (UTF-8 US-ASCII)]), a mailbox name that is not
//   modified UTF-7 (InvalidMailboxNameError). Anything else thrown from here is a bug.
// - Work is bounded by input size: no regular expression runs on unbounded client input with
//   backtracking, recursion depth is bounded by named constants, sequence sets are expanded
//   against the mailbox, never number by number.
// - Mailbox names come out decoded from modified UTF-7 (mutf7.ts); encode them again for responses.

export * from './errors.js';
export * from './line-reader.js';
export * from './tokenizer.js';
export * from './parser.js';
export * from './arg-cursor.js';
export * from './mutf7.js';
export * from './mailbox-name.js';
export * from './sequence-set.js';
export * from './date-time.js';
export * from './flag-list.js';
export * from './fetch-items.js';
export * from './search-keys.js';
export * from './store-args.js';
export * from './status-items.js';
export * from './append-args.js';
export * from './list-args.js';
export * from './select-args.js';
export * from './copy-args.js';
