/**
 * Sends a composed message through our own submission port (RFC 6409) with nodemailer, as a
 * desktop client would, so the webmail gets exactly the same checks, limits and queue as
 * Thunderbird. It authenticates as the webmail's service identity acting for the user: SASL
 * PLAIN with an authorization identity (RFC 4616 2: authzid NUL authcid NUL password), which
 * nodemailer's built-in PLAIN leaves empty, hence the small custom handler.
 */
import nodemailer from 'nodemailer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { SERVICE_LOGIN } from '../../accounts/authenticate.js';
import { scheduledQueueId, SEND_AFTER_FIELD } from '../../outbound/held-sending.js';

/** A submission that takes longer than this has failed: the draft is kept and the user told. */
const SUBMISSION_TIMEOUT_MS = 60_000;

export interface SubmissionTarget {
  host: string;
  port: number;
  serviceSecret: string;
}

export interface SubmitRequest {
  /** The signed-in user's login: the authorization identity. */
  login: string;
  envelopeFrom: string;
  recipients: readonly string[];
  raw: Buffer;
  /** Hold the message in the queue until then (undo window, « envoyer plus tard »). */
  sendAfter: number;
}

export interface SubmitResult {
  /** The queue entry « Annuler » cancels. */
  queueId: number | null;
  refused: string[];
}

/** The server's refusal, with its reply (« 553 5.7.1 … ») for the log and the reader. */
export class SubmissionRefusedError extends Error {
  override name = 'SubmissionRefusedError';
  constructor(
    message: string,
    readonly responseCode: number | null,
  ) {
    super(message);
  }
}

function plainWithAuthzid(authzid: string) {
  return async (ctx: SMTPConnection.CustomAuthenticationContext): Promise<void> => {
    const { user, pass } = ctx.auth.credentials;
    const token = Buffer.from(`${authzid}\u0000${user}\u0000${pass}`, 'utf8').toString('base64');
    const reply = await ctx.sendCommand(`AUTH PLAIN ${token}`);
    // RFC 4954 6: 235 is the only success.
    if (reply.status !== 235) throw new Error(reply.response);
  };
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

/** The message with the hold field in front (submit-message.ts removes it before anyone sees it). */
export function withSendAfter(raw: Buffer, sendAfter: number): Buffer {
  // Milliseconds since the epoch, one of the two forms submit-message.ts reads.
  return Buffer.concat([Buffer.from(`${SEND_AFTER_FIELD}: ${Math.round(sendAfter)}\r\n`, 'latin1'), raw]);
}

export async function submit(target: SubmissionTarget, request: SubmitRequest): Promise<SubmitResult> {
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: false,
    // On the loopback interface there is no one to hide from; elsewhere TLS is required.
    ignoreTLS: isLoopback(target.host),
    requireTLS: !isLoopback(target.host),
    auth: { type: 'custom', method: 'PLAIN', user: SERVICE_LOGIN, pass: target.serviceSecret },
    customAuth: { PLAIN: plainWithAuthzid(request.login) },
    connectionTimeout: SUBMISSION_TIMEOUT_MS,
    greetingTimeout: SUBMISSION_TIMEOUT_MS,
    socketTimeout: SUBMISSION_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({
      envelope: { from: request.envelopeFrom, to: [...request.recipients] },
      raw: withSendAfter(request.raw, request.sendAfter),
    });
    const rejected = (info.rejected ?? []) as Array<string | { address: string }>;
    const refused = rejected.map((r) => (typeof r === 'string' ? r : r.address));
    return { queueId: scheduledQueueId(info.response ?? ''), refused };
  } catch (err) {
    const e = err as { response?: string; responseCode?: number; message?: string };
    throw new SubmissionRefusedError(e.response ?? e.message ?? 'submission failed', e.responseCode ?? null);
  } finally {
    transport.close();
  }
}
