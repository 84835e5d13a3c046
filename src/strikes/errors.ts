/** A refusal said to the person, in French: a late day, a day without préavis, a forged field. */
export class StrikeError extends Error {
  override name = 'StrikeError';
  constructor(
    message: string,
    /** 403: not allowed to see or do this; 400: a request that cannot be right; 409: late or already done. */
    readonly status: 400 | 403 | 404 | 409 = 400,
  ) {
    super(message);
  }
}
