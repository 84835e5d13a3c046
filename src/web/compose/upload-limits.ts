/**
 * How much can be attached. The limit is the message size the servers accept
 * (config.maxMessageBytes), and attachments travel base64-encoded (RFC 2045 6.8): every 3 bytes
 * become 4 characters, in lines of at most 76 characters plus CRLF, so a file grows by about
 * 37 %. We count that growth exactly, plus each part's headers, and keep room for the text.
 */
import { formatSize } from '../views/format.js';

/** Headers of one attachment part: type, disposition, a long UTF-8 file name encoded twice, boundary. */
export const PART_OVERHEAD_BYTES = 1024;
/** Room kept for the message header and its text parts (a long reply, quoted-printable). */
export const TEXT_RESERVE_BYTES = 256 * 1024;
/** Files per message: more is an archive's job. */
export const MAX_ATTACHMENTS = 50;

/** RFC 2045 6.8: encoded size of `bytes` bytes, with CRLF after every 76 characters. */
export function base64Size(bytes: number): number {
  const chars = 4 * Math.ceil(bytes / 3);
  return chars + 2 * Math.ceil(chars / 76);
}

/** What one attachment costs in the message. */
export function attachmentCost(bytes: number): number {
  return base64Size(bytes) + PART_OVERHEAD_BYTES;
}

/** Bytes of encoded attachments a message of `maxMessageBytes` can carry. */
export function attachmentBudget(maxMessageBytes: number): number {
  return Math.max(0, maxMessageBytes - TEXT_RESERVE_BYTES);
}

/** The largest file (raw bytes) that still fits next to attachments of `existing` raw sizes. */
export function largestFileThatFits(maxMessageBytes: number, existing: readonly number[]): number {
  const used = existing.reduce((sum, size) => sum + attachmentCost(size), 0);
  const room = attachmentBudget(maxMessageBytes) - used - PART_OVERHEAD_BYTES;
  if (room <= 0) return 0;
  // Invert base64Size, then step down to absorb the rounding of lines and groups.
  let bytes = Math.floor((room * 76) / 78 / 4) * 3;
  while (bytes > 0 && base64Size(bytes) > room) bytes -= 3;
  return Math.max(0, bytes);
}

/** The French explanation shown when a file does not fit. */
export function tooBigMessage(filename: string, size: number | null, maxMessageBytes: number, room: number): string {
  const what = size === null ? `« ${filename} »` : `« ${filename} » (${formatSize(size)})`;
  const left = room > 0 ? ` Place restante pour les pièces jointes : ${formatSize(room)}.` : ' Il ne reste plus de place pour une pièce jointe.';
  return (
    `La pièce jointe ${what} est trop volumineuse : un message ne peut pas dépasser ${formatSize(maxMessageBytes)}, ` +
    `pièces jointes comprises, et l’envoi grossit les pièces jointes d’environ un tiers.${left} ` +
    `Pour un fichier plus gros, déposez-le sur un espace de partage et envoyez-en le lien.`
  );
}
