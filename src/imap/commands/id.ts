/**
 * ID (RFC 2971): valid in every state. The client's identification is logged (debug); we
 * answer with our name only, no version, so the answer tells an attacker nothing.
 */
import { ArgCursor, ImapParseError, tokenToString, type Token } from '../protocol/index.js';
import { ANY_STATE, type ImapCommand } from './types.js';

/** RFC 2971 3.3: at most 30 field-value pairs, fields of 30 octets, values of 1024. */
export const MAX_ID_PAIRS = 30;
export const MAX_ID_FIELD_BYTES = 30;
export const MAX_ID_VALUE_BYTES = 1024;

export const SERVER_ID = '("name" "Webmel" "vendor" "Webmel")';

export const id: ImapCommand = {
  name: 'ID',
  states: ANY_STATE,
  run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    const client = parseIdParams(args.next('ID parameters'));
    args.end();
    if (client) session.log.debug({ clientId: client }, 'imap client id');
    session.untagged(`ID ${SERVER_ID}`);
  },
};

/** RFC 2971 4: id_params_list ::= "(" #(string SPACE nstring) ")" / nil */
function parseIdParams(token: Token): Record<string, string | null> | null {
  if (token.type === 'nil') return null;
  if (token.type !== 'list') throw new ImapParseError('Expected ( or NIL after ID');
  if (token.items.length % 2 !== 0) throw new ImapParseError('ID parameters come in field-value pairs');
  if (token.items.length > MAX_ID_PAIRS * 2) throw new ImapParseError(`At most ${MAX_ID_PAIRS} ID pairs`);
  const params: Record<string, string | null> = {};
  for (let i = 0; i < token.items.length; i += 2) {
    const field = tokenToString(token.items[i], 'ID field');
    const valueToken = token.items[i + 1];
    const value = valueToken?.type === 'nil' ? null : tokenToString(valueToken, 'ID value');
    if (Buffer.byteLength(field) > MAX_ID_FIELD_BYTES) throw new ImapParseError('ID field too long');
    if (value !== null && Buffer.byteLength(value) > MAX_ID_VALUE_BYTES) throw new ImapParseError('ID value too long');
    params[field.toLowerCase()] = value;
  }
  return params;
}
