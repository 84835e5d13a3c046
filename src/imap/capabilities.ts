/**
 * What the server announces (RFC 3501 6.1.1, 7.2.1). Before authentication only what a client
 * needs to log in; after it, every extension we implement.
 */
export const PRE_AUTH_CAPABILITIES = ['IMAP4rev1', 'LITERAL+', 'SASL-IR', 'ID', 'ENABLE', 'IDLE', 'NAMESPACE'];

export const POST_AUTH_CAPABILITIES = [
  'IMAP4rev1',
  'LITERAL+',
  'SASL-IR',
  'ID',
  'ENABLE',
  'IDLE',
  'NAMESPACE',
  'UIDPLUS',
  'MOVE',
  'UNSELECT',
  'CHILDREN',
  'SPECIAL-USE',
  'CREATE-SPECIAL-USE',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'CONDSTORE',
  'ESEARCH',
  'SEARCHRES',
  'QUOTA',
  'QUOTA=RES-STORAGE',
  'STATUS=SIZE',
  'SORT',
  'THREAD=REFERENCES',
];

export interface CapabilityContext {
  authenticated: boolean;
  /** STARTTLS is possible (a certificate is configured and the connection is not yet TLS). */
  canStartTls: boolean;
  /** RFC 3501 6.2.3: plaintext login is disabled off-loopback without TLS. */
  plaintextAllowed: boolean;
}

export function capabilityList(ctx: CapabilityContext): string[] {
  if (ctx.authenticated) return POST_AUTH_CAPABILITIES;
  const list = [...PRE_AUTH_CAPABILITIES];
  if (ctx.canStartTls) list.push('STARTTLS');
  if (ctx.plaintextAllowed) list.push('AUTH=PLAIN');
  else list.push('LOGINDISABLED');
  return list;
}
