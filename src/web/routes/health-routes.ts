/**
 * `GET /healthz` for the operator's monitoring: a small JSON, no session, no database write.
 * One trivial read checks the database: when it fails, 503 with `"status": "db-error"` (a load
 * balancer should then send users elsewhere: nothing works without it).
 *
 * Below the disk reserve it still answers 200, with `"status": "disk-low"` and
 * `"acceptingMail": false`: the webmail is then exactly what users need to free space, and a 503
 * would make a load balancer or an orchestrator take it away (or restart it, which frees
 * nothing). Monitoring alerts on the status field; the logs say the same (disk-watch.ts).
 */
import { Router } from 'express';
import type { WebDeps } from '../web-context.js';

export interface Health {
  /** `db-error` (with a 503): the database did not answer a trivial read. */
  status: 'ok' | 'disk-low' | 'db-error';
  /** False below the reserve: SMTP and IMAP APPEND refuse new mail (452 4.3.1, NO [LIMIT]). */
  acceptingMail: boolean;
  /**
   * Bytes; null where the file system does not tell. `freeBytes` counts `reusableBytes`, the pages
   * deleted mail left inside the database, which `df` does not show as free.
   */
  disk: { freeBytes: number | null; reusableBytes: number; totalBytes: number | null; minFreeBytes: number };
}

export function healthRoutes(deps: WebDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const reading = deps.services.disk.reading();
    let database = true;
    try {
      deps.services.accounts.count(); // a trivial read: the database is open and answers
    } catch (err) {
      deps.services.log.error({ err }, 'healthz: database read failed');
      database = false;
    }
    const health: Health = {
      status: !database ? 'db-error' : reading.belowReserve ? 'disk-low' : 'ok',
      acceptingMail: !reading.belowReserve,
      disk: { freeBytes: reading.freeBytes, reusableBytes: reading.reusableBytes, totalBytes: reading.totalBytes, minFreeBytes: reading.minFreeBytes },
    };
    res.setHeader('Cache-Control', 'no-store');
    res.status(database ? 200 : 503).json(health);
  });
  return router;
}
