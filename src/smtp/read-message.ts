/**
 * Reads the DATA stream of smtp-server into one Buffer, keeping at most `maxBytes`: past the
 * limit the bytes are only counted (smtp-server then answers 552 5.3.4), so an oversized
 * message is never held whole. Resolves null when the message was too big.
 */
import type { SMTPServerDataStream } from 'smtp-server';

export function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
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
