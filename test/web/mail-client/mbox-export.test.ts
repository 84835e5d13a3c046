import { describe, expect, it } from 'vitest';
import { mboxEntry } from '../../../src/web/mail-client/mbox-export.js';

describe('mbox export', () => {
  it('writes mboxrd entries with LF line ends and quoted From lines', () => {
    const entry = mboxEntry(Buffer.from('Subject: a\r\n\r\nFrom here\r\n>From there\r\n'), 'a@ac-test.fr', new Date(Date.UTC(2024, 0, 3, 12, 0, 0))).toString();
    expect(entry).toBe('From a@ac-test.fr Wed Jan  3 12:00:00 2024\nSubject: a\n\n>From here\n>>From there\n\n');
    expect(mboxEntry(Buffer.from('x'), 'pas une adresse', new Date(0)).toString()).toMatch(/^From MAILER-DAEMON /);
  });
});
