/**
 * Admission in arrival order: at most `limit` requests are worked on at once, the others wait
 * their turn. The webmail's thread is shared by every request in flight, and a page needs one
 * or two IMAP round trips, each answered on a later turn of its event loop: with fifty requests
 * started at once, each turn is long and every page waits through several of them, the unlucky
 * ones through many. With a few at a time the turns are short, pages finish in the order they
 * came, and the waiting is shared fairly.
 *
 * A request that runs longer than `releaseAfterMs` (a download to a slow client, an upload)
 * gives its place up and goes on outside the limit, so slow clients cannot hold the door shut.
 */
import type { RequestHandler } from 'express';

export interface AdmissionOptions {
  limit: number;
  releaseAfterMs: number;
}

export function admission({ limit, releaseAfterMs }: AdmissionOptions): RequestHandler {
  let active = 0;
  const waiting: Array<() => void> = [];
  const admitNext = () => {
    while (active < limit && waiting.length > 0) {
      active++;
      waiting.shift()!();
    }
  };
  return (_req, res, next) => {
    const start = () => {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearTimeout(timer);
        active--;
        admitNext();
      };
      const timer = setTimeout(release, releaseAfterMs);
      timer.unref();
      res.once('finish', release);
      res.once('close', release);
      next();
    };
    if (active < limit && waiting.length === 0) {
      active++;
      start();
      return;
    }
    // A client that leaves while waiting gives its turn up.
    const turn = () => {
      res.off('close', leave);
      if (res.destroyed) {
        active--;
        admitNext();
        return;
      }
      start();
    };
    const leave = () => {
      const index = waiting.indexOf(turn);
      if (index !== -1) waiting.splice(index, 1);
    };
    res.once('close', leave);
    waiting.push(turn);
  };
}
