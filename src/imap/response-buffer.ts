/**
 * Accumulates untagged responses into one large Buffer per socket write. FETCH 1:* over
 * 10,000 messages is 10,000 responses: writing each on its own would cost a syscall apiece.
 *
 * Text is kept as a "byte string" (one JavaScript char per byte, Buffer's 'latin1'), so
 * appending is V8 string concatenation and the conversion to bytes happens once per flush.
 * Anything that is not pure ASCII must come in as bytes (`bytes()`), never as `text()`.
 */

/** Byte payloads smaller than this are folded into the text; larger ones are kept as is. */
const INLINE_BYTES = 16 * 1024;

export class ResponseBuffer {
  private parts: Buffer[] = [];
  private text = '';
  private partBytes = 0;

  /** ASCII text (or a byte string: one char per byte). */
  add(text: string): void {
    this.text += text;
  }

  /** Raw bytes, unchanged. */
  bytes(data: Buffer): void {
    if (data.length < INLINE_BYTES) {
      this.text += data.toString('latin1');
      return;
    }
    this.flushText();
    this.parts.push(data);
    this.partBytes += data.length;
  }

  /** Bytes accumulated so far. */
  get size(): number {
    return this.partBytes + this.text.length;
  }

  /** Everything accumulated, as one Buffer; the buffer is empty afterwards. */
  take(): Buffer {
    this.flushText();
    const parts = this.parts;
    this.parts = [];
    this.partBytes = 0;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private flushText(): void {
    if (this.text.length === 0) return;
    const chunk = Buffer.from(this.text, 'latin1');
    this.parts.push(chunk);
    this.partBytes += chunk.length;
    this.text = '';
  }
}
