/** Whether `uid` can be an IMAP UID: an nz-number, 32-bit (RFC 3501 2.3.1.1). */
export function isUid(uid: number): boolean {
  return Number.isSafeInteger(uid) && uid > 0 && uid < 2 ** 32;
}
