/**
 * The declaration (or its withdrawal) the teacher sends her IEN, « s/c de l’IEN » as the usual
 * letter goes (shared/domain.md §1.4, §1.6): from her own academic address, through our
 * submission port exactly as « Envoyer » does (compose/submission-client.ts), so it gets the same
 * checks and trace as any of her messages, and a copy in her Envoyés. Unlike compose there is no
 * undo window: the record is already made, the letter only tells it.
 *
 * Sending never undoes the record: a failure is logged and told to the teacher.
 */
import type { Account } from '../../accounts/account-store.js';
import type { Directory } from '../../directory/index.js';
import type { Declarant, MessageText } from '../../strikes/index.js';
import type { Recipient } from '../compose/address-field.js';
import { buildMessage } from '../compose/build-message.js';
import type { ComposeSettings } from '../compose/compose-deps.js';
import { appendMessage, specialPath } from '../compose/compose-imap.js';
import { newMessageId, sender } from '../compose/compose-message.js';
import { submit, SubmissionRefusedError } from '../compose/submission-client.js';
import type { WebDeps } from '../web-context.js';

export type LetterOutcome = { kind: 'sent'; to: Recipient } | { kind: 'no-recipient' } | { kind: 'failed'; reason: string };

/**
 * Who receives the letter: the circonscription's functional address when someone receives it,
 * else its first IEN whose mail is delivered; null when neither (nobody would read it).
 */
export function ienRecipient(directory: Directory, declarant: Declarant): Recipient | null {
  const circo = declarant.circonscription;
  if (!circo) return null;
  if (directory.receivesMailAt(circo.address)) return { name: `IEN de la circonscription ${circo.nom}`, address: circo.address };
  const ien = directory.ienOf(circo.uai).find((person) => directory.receivesMail(person));
  return ien ? { name: `${ien.prenom} ${ien.nom}`, address: ien.address } : null;
}

/** The submission server's refusal, short, for the sentence « son envoi … a échoué : … ». */
function failureReason(err: SubmissionRefusedError): string {
  if (err.responseCode === null) return 'le serveur d’envoi ne répond pas';
  return `le serveur d’envoi l’a refusé (${err.message.slice(0, 200)})`;
}

export async function sendLetter(
  deps: WebDeps,
  submission: ComposeSettings['submission'],
  account: Account,
  declarant: Declarant,
  letter: MessageText,
): Promise<LetterOutcome> {
  const { services } = deps;
  const to = ienRecipient(services.directory, declarant);
  if (!to) return { kind: 'no-recipient' };
  if (!submission) return { kind: 'failed', reason: 'l’envoi de messages n’est pas disponible sur ce serveur' };
  try {
    const raw = await letterBytes(services.config.hostname, account, to, letter);
    // sendAfter now: nothing to hold, it leaves at once.
    const result = await submit(
      { ...submission, serviceSecret: services.config.serviceSecret },
      { login: account.login, envelopeFrom: account.address, recipients: [to.address], raw, sendAfter: Date.now() },
    );
    if (result.refused.length > 0) return { kind: 'failed', reason: `l’adresse ${to.address} a été refusée` };
    await keepCopy(deps, account, raw);
    return { kind: 'sent', to };
  } catch (err) {
    if (err instanceof SubmissionRefusedError) {
      services.log.warn({ user: account.login, code: err.responseCode, reply: err.message }, 'strike letter to the IEN not sent');
      return { kind: 'failed', reason: failureReason(err) };
    }
    // The declaration is recorded whatever happens here: the teacher is told, not shown a 500.
    services.log.error({ err, user: account.login }, 'strike letter to the IEN failed');
    return { kind: 'failed', reason: 'une erreur inattendue est survenue' };
  }
}

function letterBytes(hostname: string, account: Account, to: Recipient, letter: MessageText): Promise<Buffer> {
  return buildMessage(
    {
      from: sender(account),
      to: [to],
      cc: [],
      bcc: [],
      subject: letter.subject,
      text: letter.text,
      html: null,
      attachments: [],
      messageId: newMessageId(hostname),
      date: new Date(),
      inReplyTo: null,
      references: [],
    },
    { keepBcc: false },
  );
}

/** Her copy in Envoyés, as any message she sends; a full mailbox or no Envoyés goes without it. */
async function keepCopy(deps: WebDeps, account: Account, raw: Buffer): Promise<void> {
  try {
    const sent = await specialPath(deps.pool, account, '\\Sent');
    if (sent) await appendMessage(deps.pool, account, sent, raw, ['\\Seen']);
  } catch (err) {
    deps.services.log.debug({ err, user: account.login }, 'copy of the strike letter not kept in Sent');
  }
}
