/** A refusal said to the admin, the union or the agent, in French: nothing was delivered half-way. */
export class BulletinError extends Error {
  override name = 'BulletinError';
  constructor(
    message: string,
    /** 400: cannot be right; 403: not allowed; 404: no such thing (a forged link); 409: over the cap; 410: an expired link. */
    readonly status: 400 | 403 | 404 | 409 | 410 = 400,
  ) {
    super(message);
  }
}
