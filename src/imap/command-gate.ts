/**
 * Which command may run in a session's state, decided the same way when a command is complete
 * (the dispatcher) and when it announces a literal, before the literal's bytes are read.
 */
import { COMMANDS } from './commands/index.js';
import type { ImapCommand, ImapState } from './commands/types.js';
import type { LiteralAnnouncement, ResponseHint } from './protocol/index.js';

/**
 * Largest literal before login. Only LOGIN's user name and password and ID's values (RFC 2971
 * 3.3: at most 1024 octets) may be literals then; without this, a client that never logs in
 * could make the server hold a message-sized literal on each of its connections.
 */
export const MAX_PREAUTH_LITERAL_BYTES = 8 * 1024;

export type Gate =
  | { ok: true; command: ImapCommand }
  | {
      ok: false;
      text: string;
      /**
       * Not a command this server knows: such lines count towards MAX_BAD_COMMANDS, which ends
       * sessions with peers that do not speak IMAP. A known command in the wrong state comes
       * from a client that does, and is only answered BAD.
       */
      unknown: boolean;
    };

/** `name`: the upper-case command name without its UID prefix, or null when unreadable. */
export function gate(name: string | null, state: ImapState): Gate {
  const command = name === null ? undefined : COMMANDS.get(name);
  if (!command) {
    return { ok: false, unknown: true, text: name === null ? 'Commande illisible' : `Commande inconnue : ${name.slice(0, 32)}` };
  }
  if (!command.states.includes(state)) {
    const when = state === 'not-authenticated' ? 'avant LOGIN' : state === 'authenticated' ? 'sans dossier sélectionné' : 'dans cet état';
    return { ok: false, unknown: false, text: `${name} n'est pas permise ${when}` };
  }
  return { ok: true, command };
}

/**
 * RFC 3501 7.5: answering a synchronising literal's announcement with a tagged reply instead of
 * `+` tells the client not to send it. A command that will be refused anyway is refused now,
 * before its bytes are read; otherwise the command, whose own checkLiteral may still refuse.
 */
export function admitLiteral(
  literal: LiteralAnnouncement,
  state: ImapState,
): { ok: true; command: ImapCommand } | { ok: false; refusal: ResponseHint } {
  const verdict = gate(literal.command?.replace(/^UID /, '') ?? null, state);
  if (!verdict.ok) return { ok: false, refusal: { status: 'BAD', code: null, text: verdict.text } };
  if (state === 'not-authenticated' && literal.size > MAX_PREAUTH_LITERAL_BYTES) {
    const text = `Pas de littéral de plus de ${MAX_PREAUTH_LITERAL_BYTES} octets avant LOGIN`;
    return { ok: false, refusal: { status: 'NO', code: 'TOOBIG', text } };
  }
  return verdict;
}
