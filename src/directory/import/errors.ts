/** Why a whole file is refused (nothing is written): unreadable, too big, not a CSV, an unknown header. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}
