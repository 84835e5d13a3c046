/**
 * Subjects of replies and forwards, French style: « Re: » and « Tr: ». A prefix is added once,
 * whatever the sender's client wrote before (Re, RE, Réf, Aw, Sv, Fwd, Fw, Tr, TR, with or
 * without a counter like `Re[2]:`), as RFC 5322 3.6.5 advises (« Re: » only once).
 */
import { headerText } from './address-field.js';

/** Longest subject we write: the form's limit, far above what a reader can see. */
export const MAX_SUBJECT_CHARS = 998;

// RFC 5256 2.1 base subject, simplified: the reply and forward markers of common clients,
// French ones included, each optionally followed by `[n]`.
const REPLY_MARKER = /^\s*(?:re|réf|ref|aw|sv|antw)\s*(?:\[\d+\])?\s*:\s*/i;
const FORWARD_MARKER = /^\s*(?:fwd?|tr|trans|wg|vs|rv)\s*(?:\[\d+\])?\s*:\s*/i;

/** « Re: Conseil d'école » for a reply to « Conseil d'école » or to « RE: Conseil d'école ». */
export function replySubject(subject: string): string {
  const clean = headerText(subject, MAX_SUBJECT_CHARS);
  return REPLY_MARKER.test(clean) ? `Re: ${clean.replace(REPLY_MARKER, '')}` : `Re: ${clean}`;
}

/** « Tr: Conseil d'école »; a forward of a forward keeps one « Tr: ». */
export function forwardSubject(subject: string): string {
  const clean = headerText(subject, MAX_SUBJECT_CHARS);
  return FORWARD_MARKER.test(clean) ? `Tr: ${clean.replace(FORWARD_MARKER, '')}` : `Tr: ${clean}`;
}
