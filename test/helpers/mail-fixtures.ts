/** Raw messages for the webmail tests (CRLF added by the harness). */

/** A 1×1 transparent PNG. */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let counter = 0;
function id(): string {
  counter++;
  return `<fixture-${counter}-${Math.random().toString(36).slice(2)}@ac-test.fr>`;
}

export function plainMessage(o: { from?: string; to?: string; subject: string; body: string; date?: string }): string {
  return [
    `From: ${o.from ?? 'Sophie Martin <sophie.martin@ac-test.fr>'}`,
    `To: ${o.to ?? 'claire.fontaine@ac-test.fr'}`,
    `Subject: ${o.subject}`,
    `Date: ${o.date ?? 'Tue, 12 Mar 2024 14:05:00 +0100'}`,
    `Message-ID: ${id()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    o.body,
  ].join('\n');
}

export function htmlMessage(o: { from?: string; subject: string; html: string; text?: string }): string {
  const boundary = 'alt-boundary-42';
  return [
    `From: ${o.from ?? 'Lettre <lettre@education.gouv.fr>'}`,
    'To: claire.fontaine@ac-test.fr',
    `Subject: ${o.subject}`,
    'Date: Tue, 12 Mar 2024 14:05:00 +0100',
    `Message-ID: ${id()}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.text ?? 'Version texte.',
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    o.html,
    `--${boundary}--`,
    '',
  ].join('\n');
}

export interface FixtureAttachment {
  filename: string;
  contentType: string;
  base64: string;
  contentId?: string;
  inline?: boolean;
}

export function messageWithAttachments(o: { subject: string; text?: string; html?: string; attachments: FixtureAttachment[]; from?: string }): string {
  const boundary = 'mixed-boundary-7';
  const lines = [
    `From: ${o.from ?? 'Nadia Benali <nadia.benali@ac-test.fr>'}`,
    'To: claire.fontaine@ac-test.fr',
    `Subject: ${o.subject}`,
    'Date: Wed, 13 Mar 2024 09:30:00 +0100',
    `Message-ID: ${id()}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/${o.html ? 'related' : 'mixed'}; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    `Content-Type: text/${o.html ? 'html' : 'plain'}; charset=utf-8`,
    '',
    o.html ?? o.text ?? 'Veuillez trouver ci-joint les documents.',
  ];
  for (const a of o.attachments) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.contentType}; name="${a.filename}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: ${a.inline ? 'inline' : 'attachment'}; filename="${a.filename}"`,
      ...(a.contentId ? [`Content-ID: <${a.contentId}>`] : []),
      '',
      a.base64,
    );
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\n');
}

/** RFC 2231 encoded file name (UTF-8, percent-encoded), as Thunderbird writes it. */
export function messageWithEncodedFilename(subject: string): string {
  return [
    'From: Nadia Benali <nadia.benali@ac-test.fr>',
    'To: claire.fontaine@ac-test.fr',
    `Subject: ${subject}`,
    'Date: Wed, 13 Mar 2024 09:30:00 +0100',
    `Message-ID: ${id()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Voir la pièce jointe.',
    '--b',
    "Content-Type: application/pdf; name*=UTF-8''compte-rendu%20%C3%A9t%C3%A9.pdf",
    'Content-Transfer-Encoding: base64',
    "Content-Disposition: attachment; filename*=UTF-8''compte-rendu%20%C3%A9t%C3%A9.pdf",
    '',
    Buffer.from('%PDF-1.4 fichier de test').toString('base64'),
    '--b--',
    '',
  ].join('\n');
}
