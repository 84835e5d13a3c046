/**
 * Writing a long download chunk by chunk with back-pressure, giving up as soon as the client
 * goes away: the IMAP mailbox lock held while streaming must never wait on a dead socket.
 */
import type { Response } from 'express';

export class ClientGoneError extends Error {
  override name = 'ClientGoneError';
}

export function writeChunk(res: Response, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.destroyed || res.writableEnded) {
      reject(new ClientGoneError('client closed the connection'));
      return;
    }
    if (res.write(chunk)) {
      resolve();
      return;
    }
    const settle = () => {
      res.off('drain', settle);
      res.off('close', settle);
      if (res.destroyed) reject(new ClientGoneError('client closed the connection'));
      else resolve();
    };
    res.once('drain', settle);
    res.once('close', settle);
  });
}
