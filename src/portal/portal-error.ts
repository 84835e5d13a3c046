/** A refusal of I-Prof (bad input, an action not allowed): its message is for the user, in French. */
export class PortalError extends Error {
  override name = 'PortalError';
  constructor(
    message: string,
    /** 400: cannot be right; 403: not yours to do; 404: no such thing; 409: changed meanwhile (a stale form); 413: too large. */
    readonly status: 400 | 403 | 404 | 409 | 413 = 400,
  ) {
    super(message);
  }
}
