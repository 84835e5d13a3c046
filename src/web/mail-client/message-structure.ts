/**
 * Reads a message's BODYSTRUCTURE (RFC 3501 7.4.2, as imapflow parses it) the way a mail
 * client does: which text parts make up the body, which parts are attachments, and which are
 * images the HTML body refers to by Content-ID (RFC 2392). Pure: no I/O.
 *
 * - multipart/alternative (RFC 2046 5.1.4): the richest part we can show, HTML over plain text.
 * - multipart/related (RFC 2387): the root (first part, or the one named by `start`) is the
 *   body; the others are resources it refers to (cid: images).
 * - any other multipart: every child in order (RFC 2046 5.1.3, mixed).
 * - a text/plain or text/html leaf without `attachment` disposition or file name is body text;
 *   every other leaf, and message/rfc822, is an attachment.
 */
import type { MessageStructureObject } from 'imapflow';

export interface BodyPart {
  part: string;
  kind: 'plain' | 'html';
  /** Transfer encoding as written in the structure (lowercase). */
  encoding: string;
  charset: string | null;
  /** RFC 3676 format=flowed, with DelSp. */
  flowed: boolean;
  delsp: boolean;
  /** Encoded size in the message. */
  size: number;
}

export interface AttachmentPart {
  part: string;
  filename: string;
  contentType: string;
  encoding: string;
  /** Approximate decoded size (base64 shrinks by a quarter). */
  size: number;
  /** Content-ID without angle brackets, when the part has one. */
  contentId: string | null;
  /** Raster image types a browser may show in an <img> (never SVG, which can carry script). */
  previewable: boolean;
}

export interface MessageLayout {
  body: BodyPart[];
  attachments: AttachmentPart[];
  /** Parts the HTML body may show through `cid:`, by Content-ID. */
  related: Map<string, AttachmentPart>;
}

/** Image types shown inline (preview, cid:); everything else downloads. */
export const PREVIEWABLE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** Structures deeper than this are not walked further: no real mail nests that far. */
const MAX_STRUCTURE_DEPTH = 32;

function partId(node: MessageStructureObject): string {
  // RFC 3501 6.4.5: a non-multipart message has exactly one part, numbered 1.
  return node.part ?? '1';
}

function contentIdOf(node: MessageStructureObject): string | null {
  if (!node.id) return null;
  const id = node.id.trim();
  return id.startsWith('<') && id.endsWith('>') ? id.slice(1, -1) : id || null;
}

function filenameOf(node: MessageStructureObject): string | null {
  const name = node.dispositionParameters?.filename ?? node.parameters?.name;
  return name && name.trim() ? name.trim() : null;
}

function decodedSize(node: MessageStructureObject): number {
  const size = node.size ?? 0;
  return (node.encoding ?? '').toLowerCase() === 'base64' ? Math.floor((size * 3) / 4) : size;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf',
  'text/plain': 'txt', 'text/html': 'html', 'text/calendar': 'ics', 'message/rfc822': 'eml',
};

function attachmentOf(node: MessageStructureObject): AttachmentPart {
  const type = (node.type || 'application/octet-stream').toLowerCase();
  const id = partId(node);
  let filename = filenameOf(node);
  if (!filename && type === 'message/rfc822' && node.envelope?.subject) filename = `${node.envelope.subject}.eml`;
  filename ??= `piece-jointe-${id}.${EXTENSIONS[type] ?? 'bin'}`;
  return {
    part: id,
    filename,
    contentType: type,
    encoding: (node.encoding ?? '7bit').toLowerCase(),
    size: decodedSize(node),
    contentId: contentIdOf(node),
    previewable: PREVIEWABLE_TYPES.has(type),
  };
}

function isBodyText(node: MessageStructureObject): boolean {
  const type = (node.type || '').toLowerCase();
  if (type !== 'text/plain' && type !== 'text/html') return false;
  if ((node.disposition ?? '').toLowerCase() === 'attachment') return false;
  // A named text part is a file someone attached (notes.txt), unless explicitly inline.
  return !filenameOf(node) || (node.disposition ?? '').toLowerCase() === 'inline';
}

function bodyPartOf(node: MessageStructureObject): BodyPart {
  const params = node.parameters ?? {};
  return {
    part: partId(node),
    kind: (node.type || '').toLowerCase() === 'text/html' ? 'html' : 'plain',
    encoding: (node.encoding ?? '7bit').toLowerCase(),
    charset: params.charset ?? null,
    flowed: (params.format ?? '').toLowerCase() === 'flowed',
    delsp: (params.delsp ?? '').toLowerCase() === 'yes',
    size: node.size ?? 0,
  };
}

/** The alternative we show: the last HTML-bearing one, else the last plain one, else the last. */
function chooseAlternative(children: MessageStructureObject[]): MessageStructureObject | undefined {
  const hasHtml = (node: MessageStructureObject): boolean =>
    (node.type || '').toLowerCase() === 'text/html' || (node.childNodes ?? []).some(hasHtml);
  const readable = (node: MessageStructureObject): boolean =>
    isBodyText(node) || (node.type || '').toLowerCase().startsWith('multipart/');
  return [...children].reverse().find((c) => readable(c) && hasHtml(c)) ?? [...children].reverse().find(readable) ?? children.at(-1);
}

export function analyseStructure(root: MessageStructureObject | undefined): MessageLayout {
  const layout: MessageLayout = { body: [], attachments: [], related: new Map() };
  if (!root) return layout;

  const walk = (node: MessageStructureObject, depth: number): void => {
    if (depth > MAX_STRUCTURE_DEPTH) return;
    const type = (node.type || '').toLowerCase();
    const children = node.childNodes ?? [];
    if (type === 'multipart/alternative' && children.length > 0) {
      const chosen = chooseAlternative(children);
      if (chosen) walk(chosen, depth + 1);
      return;
    }
    if (type === 'multipart/related' && children.length > 0) {
      const start = node.parameters?.start;
      const rootIndex = Math.max(0, start ? children.findIndex((c) => `<${contentIdOf(c)}>` === start || contentIdOf(c) === start) : 0);
      children.forEach((child, index) => {
        if (index === rootIndex) {
          walk(child, depth + 1);
          return;
        }
        const resource = child.childNodes ? null : attachmentOf(child);
        if (resource?.contentId && (child.disposition ?? '').toLowerCase() !== 'attachment') {
          layout.related.set(resource.contentId, resource);
        } else {
          walk(child, depth + 1);
        }
      });
      return;
    }
    if (type.startsWith('multipart/')) {
      for (const child of children) walk(child, depth + 1);
      return;
    }
    if (isBodyText(node)) {
      layout.body.push(bodyPartOf(node));
      return;
    }
    const attachment = attachmentOf(node);
    layout.attachments.push(attachment);
    // Senders also put cid: images in multipart/mixed; let the body find them there too.
    if (attachment.contentId && attachment.previewable) layout.related.set(attachment.contentId, attachment);
  };

  walk(root, 0);
  return layout;
}

/** For the message list's paper-clip: does the structure hold anything the reader would call an attachment? */
export function hasAttachments(root: MessageStructureObject | undefined): boolean {
  return analyseStructure(root).attachments.length > 0;
}

/** Every part number in the layout: the only sections the download routes will fetch. */
export function findPart(layout: MessageLayout, part: string): AttachmentPart | null {
  return layout.attachments.find((a) => a.part === part) ?? [...layout.related.values()].find((a) => a.part === part) ?? null;
}
