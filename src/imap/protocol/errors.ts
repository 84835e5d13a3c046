// Typed errors of the IMAP protocol layer. The dispatcher turns them into wire responses in one
// place: ImapParseError -> `tag BAD text` (or `* BAD text` when no tag could be read), any
// ProtocolRefusal -> `tag NO [code] text` (BadCharsetError: `NO [BADCHARSET (UTF-8 US-ASCII)]`).
//
// Messages never quote literal contents or long client input: they go back to the client in a
// BAD response and must stay one short line.

/** Longest piece of client input quoted in an error message. */
export const MAX_QUOTED_INPUT_CHARS = 40;

/** A syntax error: the command cannot be understood. Answered with BAD (RFC 3501 7.1.3). */
export class ImapParseError extends Error {
  /** The command's tag when it could be read; null means answer with `* BAD`. */
  readonly tag: string | null;

  constructor(message: string, tag: string | null = null) {
    super(message);
    this.name = 'ImapParseError';
    this.tag = tag;
  }

  /** The same error carrying `tag` (argument parsers do not know the tag; the parser does). */
  withTag(tag: string | null): ImapParseError {
    if (this.tag !== null || tag === null) return this;
    const copy = new ImapParseError(this.message, tag);
    copy.stack = this.stack;
    return copy;
  }
}

/**
 * A well-formed command the server will not carry out for what an argument says, not for how it
 * is written: answered with NO (RFC 3501 7.1.2) and `responseCode` when there is one.
 */
export class ProtocolRefusal extends Error {
  readonly responseCode: string | null = null;
}

/**
 * A mailbox name that is not valid modified UTF-7 (RFC 3501 5.1.3). The command is well formed
 * (the name is a valid astring); the server just cannot give that name a meaning.
 */
export class InvalidMailboxNameError extends ProtocolRefusal {
  override name = 'InvalidMailboxNameError';

  constructor() {
    super("Nom de dossier invalide : ce n'est pas de l'UTF-7 modifié (RFC 3501 5.1.3)");
  }
}

/** Charsets SEARCH accepts; UTF-8 is a superset of US-ASCII so one decoder serves both. */
export const SUPPORTED_SEARCH_CHARSETS = ['UTF-8', 'US-ASCII'] as const;

/**
 * SEARCH asked for a charset we do not support. Not a syntax error: RFC 3501 6.4.4 wants
 * `NO [BADCHARSET (UTF-8 US-ASCII)]` listing the supported ones.
 */
export class BadCharsetError extends ProtocolRefusal {
  readonly charset: string;
  readonly supported: readonly string[] = SUPPORTED_SEARCH_CHARSETS;
  /** The complete response code, ready to put between brackets. */
  override readonly responseCode: string = `BADCHARSET (${SUPPORTED_SEARCH_CHARSETS.join(' ')})`;

  constructor(charset: string) {
    super('Unsupported charset');
    this.name = 'BadCharsetError';
    this.charset = charset;
  }
}

/** Quote a piece of client input in an error message: printable ASCII only, bounded length. */
export function quoteInput(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > MAX_QUOTED_INPUT_CHARS ? `${clean.slice(0, MAX_QUOTED_INPUT_CHARS)}...` : clean;
}
