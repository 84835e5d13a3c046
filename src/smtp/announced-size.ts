import type { SMTPServerSession } from 'smtp-server';

/** The size the client announced with MAIL FROM's SIZE= (RFC 1870 6), 0 when not given. */
export function announcedSize(session: SMTPServerSession): number {
  return Number((session.envelope.mailFrom && session.envelope.mailFrom.args && session.envelope.mailFrom.args.SIZE) || 0);
}
