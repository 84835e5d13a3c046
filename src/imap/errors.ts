/**
 * IMAP outcomes other than OK. A command throws `ImapBad` for a syntax problem (tagged BAD)
 * and `ImapNo` for an expected refusal (tagged NO with an RFC 5530 response code). Anything
 * else thrown is a server fault: the dispatcher answers `NO [SERVERBUG]` and logs the stack.
 */
export class ImapBad extends Error {
  override name = 'ImapBad';
}

export class ImapNo extends Error {
  override name = 'ImapNo';
  /** `code` is the bracketed response code without brackets, e.g. `OVERQUOTA`, `NONEXISTENT`. */
  constructor(
    readonly code: string | null,
    text: string,
  ) {
    super(text);
  }
}
