/**
 * RFC 5256 2.1: the "base subject" SORT SUBJECT and THREAD compare, with reply and forward
 * markers (`Re:`, `Fwd:`, `[liste]`, `(fwd)`, `[Fwd: …]`) removed, and whether any such marker
 * was found (THREAD=REFERENCES prefers an original over a reply when merging by subject).
 *
 * Input is the decoded subject stored at delivery (RFC 2047 words already turned to Unicode,
 * step 1's first half). Every step removes at least one character, so the work is linear.
 */

export interface BaseSubject {
  /** The base subject, ASCII letters uppercased (i;ascii-casemap, RFC 5256 2.1 / RFC 4790 9.2). */
  key: string;
  /** Step 2, 3 or 6 removed a reply or forward marker. */
  isReplyOrForward: boolean;
}

// subj-blob = "[" *BLOBCHAR "]" *WSP ; BLOBCHAR = any char but "[" and "]"
const BLOB = /^\[[^[\]]*\][ \t]*/;
// subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":", preceded by *subj-blob in subj-leader
const LEADER_REFWD = /^(?:\[[^[\]]*\][ \t]*)*(?:re|fwd?)[ \t]*(?:\[[^[\]]*\][ \t]*)?:/i;
// subj-trailer = "(fwd)" / WSP
const TRAILER_FWD = /\(fwd\)$/i;

/**
 * Characters of a subject looked at. Two subjects equal over their first 1,000 characters sort
 * and thread together; a longer bound only buys a hostile 64 KB subject more work.
 */
export const MAX_BASE_SUBJECT_CHARS = 1000;

export function baseSubject(subject: string): BaseSubject {
  // (1) Tabs and continuations become a space; runs of spaces become one.
  let text = subject.slice(0, MAX_BASE_SUBJECT_CHARS).replace(/[\t\r\n]+/g, ' ').replace(/ {2,}/g, ' ');
  let marked = false;
  for (;;) {
    // (2) Remove trailing "(fwd)" and white space, as long as some remains.
    for (;;) {
      if (text.endsWith(' ')) text = text.slice(0, -1);
      else if (TRAILER_FWD.test(text)) {
        text = text.slice(0, -5);
        marked = true;
      } else break;
    }
    // (5) Repeat (3) and (4) until neither applies.
    for (;;) {
      // (3) subj-leader = (*subj-blob subj-refwd) / WSP
      if (text.startsWith(' ')) {
        text = text.slice(1);
        continue;
      }
      const refwd = LEADER_REFWD.exec(text);
      if (refwd) {
        text = text.slice(refwd[0].length);
        marked = true;
        continue;
      }
      // (4) A leading subj-blob goes if something remains after it (step 2 removed trailing
      // spaces and the blob takes its own, so what remains is non-empty text or nothing).
      const blob = BLOB.exec(text);
      if (blob && text.length > blob[0].length) {
        text = text.slice(blob[0].length);
        continue;
      }
      break;
    }
    // (6) "[fwd:" subject "]" is unwrapped, then back to (2).
    if (text.length >= 6 && text.slice(0, 5).toLowerCase() === '[fwd:' && text.endsWith(']')) {
      text = text.slice(5, -1);
      marked = true;
      continue;
    }
    break;
  }
  return { key: text.replace(/[a-z]+/g, (s) => s.toUpperCase()), isReplyOrForward: marked };
}
