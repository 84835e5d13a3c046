/**
 * Reads the DATA stream of smtp-server into one Buffer, keeping at most `maxBytes`: past the
 * limit the bytes are only counted, so an oversized message is never held whole.
 */
import type { SMTPServerDataStream } from 'smtp-server';
import { messageTooBig } from './errors.js';

/**
 * The message, or the error to answer with: 552 5.3.4 when it was too big, or the stream's
 * own error. Both SMTP servers answer the error as is.
 */
export async function readMessageOrError(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | Error> {
  try {
    return (await readMessage(stream, maxBytes)) ?? messageTooBig(maxBytes);
  } catch (err) {
    return err as Error;
  }
}

/** The message, or null when it was too big. */
function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let collected = 0;
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded && collected + chunk.length <= maxBytes) {
        chunks.push(chunk);
        collected += chunk.length;
      }
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded ? null : Buffer.concat(chunks, collected)));
  });
}
