/**
 * Reads the DATA stream of smtp-server into one Buffer, keeping at most `maxBytes`: past the
 * limit the bytes are only counted, so an oversized message is never held whole.
 *
 * The message is kept byte for byte (8-bit bytes, lone CR, bare LF included): what is accepted
 * is stored and served as it came. The one byte that cannot be is NUL, so a message with one
 * is refused whole rather than altered.
 */
import type { SMTPServerDataStream } from 'smtp-server';
import { messageTooBig, nulByteRefused } from './errors.js';

/**
 * The message, or the error to answer with: 552 5.3.4 when it was too big, 554 5.6.0 when it
 * holds a NUL byte, or the stream's own error. Both SMTP servers answer the error as is.
 */
export async function readMessageOrError(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | Error> {
  try {
    const read = await readMessage(stream, maxBytes);
    if (read.body === null) return messageTooBig(maxBytes);
    // RFC 6152 3: 8BITMIME data holds no NUL, and RFC 3501 4.3 keeps NUL out of the IMAP
    // literal BODY[] would be sent in: storing it would mean serving another message.
    if (read.hasNul) return nulByteRefused();
    return read.body;
  } catch (err) {
    return err as Error;
  }
}

/** The message (null when it was too big), and whether a NUL byte was seen. */
function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<{ body: Buffer | null; hasNul: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let collected = 0;
    let hasNul = false;
    stream.on('data', (chunk: Buffer) => {
      if (!hasNul && chunk.includes(0)) hasNul = true;
      if (!stream.sizeExceeded && collected + chunk.length <= maxBytes) {
        chunks.push(chunk);
        collected += chunk.length;
      }
    });
    stream.once('error', reject);
    stream.once('end', () => resolve({ body: stream.sizeExceeded ? null : Buffer.concat(chunks, collected), hasNul }));
  });
}
