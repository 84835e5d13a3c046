/**
 * Starts what sending mail needs: the submission listener (WEBMEL_SUBMISSION_PORT), the
 * implicit-TLS one when WEBMEL_SUBMISSIONS_PORT is set, and the outbound queue runner. The
 * composition root (app.ts) calls this once and closes it at shutdown.
 */
import type { SMTPServer } from 'smtp-server';
import { QueueRunner, type QueueRunnerOptions, type QueueServices } from '../outbound/queue-runner.js';
import { SendingLimiter } from './sending-limits.js';
import { listenSmtp } from './listen-smtp.js';
import { createSubmissionServer, type SubmissionServices } from './submission-server.js';

export interface SubmissionHandle {
  ports: { submission: number; submissions?: number };
  /** The outbound queue: `queue.cancel(id, sender)` for undo-send. */
  queue: QueueRunner;
  close(): Promise<void>;
}

const closed = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

export interface StartSubmissionOptions {
  /** Resolver, MX port, clock: tests inject a resolver so nothing ever asks DNS. */
  queue?: QueueRunnerOptions;
  /** Run the queue loop (default). Tests may leave it stopped and call `queue.runOnce()`. */
  startQueue?: boolean;
}

export async function startSubmission(
  services: SubmissionServices & QueueServices,
  options: StartSubmissionOptions = {},
): Promise<SubmissionHandle> {
  const { config } = services;
  const log = services.log.child({ svc: 'submission' });
  // One hourly count per user across both listeners.
  const limiter = new SendingLimiter(config.submissionMaxPerHour);
  const plain = createSubmissionServer({ ...services, log }, { limiter });
  const implicit = config.submissionsPort !== null ? createSubmissionServer({ ...services, log }, { limiter, secure: true }) : null;
  const queue = new QueueRunner({ ...services, log: services.log.child({ svc: 'queue' }) }, options.queue);
  const ports: SubmissionHandle['ports'] = { submission: await listenSmtp(plain, config.submissionPort, config.listenHost) };
  if (implicit) ports.submissions = await listenSmtp(implicit, config.submissionsPort!, config.listenHost);
  // Resumes whatever a previous run left in the queue.
  if (options.startQueue ?? true) queue.start();
  return {
    ports,
    queue,
    async close() {
      await Promise.all([closed(plain), ...(implicit ? [closed(implicit)] : [])]);
      await queue.stop();
    },
  };
}
