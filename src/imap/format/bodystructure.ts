/**
 * BODYSTRUCTURE and BODY response data (RFC 3501 7.4.2 and the `body` rule of section 9) from
 * the MimePart tree stored at delivery: no message bytes are read here.
 *
 * Output is a Buffer (see imap-string.ts): header-derived values are ByteStrings and go out as
 * the bytes received, in a literal when they hold 8-bit bytes, CR/LF or are long.
 * Types, subtypes and disposition types are sent lowercased, as stored; IMAP compares them
 * case-insensitively.
 */
import type { MimeParam, MimePart } from '../../mime/mime-tree.js';
import { EMPTY_ENVELOPE, formatEnvelope } from './envelope.js';
import { NIL, fromByteString, imapString, nstring } from './imap-string.js';

/** BODYSTRUCTURE: the extensible form, with extension data on every part. */
export function formatBodyStructure(tree: MimePart): Buffer {
  const out: Buffer[] = [];
  writeBody(out, tree, true);
  return Buffer.concat(out);
}

/** BODY: the non-extensible form (no extension data, also inside message/rfc822 parts). */
export function formatBody(tree: MimePart): Buffer {
  const out: Buffer[] = [];
  writeBody(out, tree, false);
  return Buffer.concat(out);
}

/**
 * RFC 2045 5.2: a text part without charset is us-ascii. Stating it, as RFC 3501's own
 * examples do, saves clients from guessing.
 */
const DEFAULT_TEXT_CHARSET: MimeParam = { name: 'charset', value: 'us-ascii' };

function ascii(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

function str(byteString: string): Buffer {
  return imapString(fromByteString(byteString));
}

function nstr(byteString: string | undefined): Buffer {
  return byteString === undefined ? NIL : nstring(fromByteString(byteString));
}

/** body-fld-param = "(" string SP string *(SP string SP string) ")" / nil */
function writeParams(out: Buffer[], params: readonly MimeParam[]): void {
  if (params.length === 0) {
    out.push(NIL);
    return;
  }
  out.push(ascii('('));
  params.forEach((p, i) => {
    if (i > 0) out.push(ascii(' '));
    out.push(str(p.name), ascii(' '), str(p.value));
  });
  out.push(ascii(')'));
}

/** body-fld-dsp = "(" string SP body-fld-param ")" / nil */
function writeDisposition(out: Buffer[], part: MimePart): void {
  if (part.disposition === undefined) {
    out.push(NIL);
    return;
  }
  out.push(ascii('('), str(part.disposition.type), ascii(' '));
  writeParams(out, part.disposition.wireParams);
  out.push(ascii(')'));
}

/** body-fld-lang = nstring / "(" string *(SP string) ")" */
function writeLanguage(out: Buffer[], part: MimePart): void {
  const tags = part.language ?? [];
  if (tags.length === 0) out.push(NIL);
  else if (tags.length === 1) out.push(str(tags[0] as string));
  else {
    out.push(ascii('('));
    tags.forEach((t, i) => {
      if (i > 0) out.push(ascii(' '));
      out.push(str(t));
    });
    out.push(ascii(')'));
  }
}

/** The extension fields shared by both forms: [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]] */
function writeDspLangLoc(out: Buffer[], part: MimePart): void {
  out.push(ascii(' '));
  writeDisposition(out, part);
  out.push(ascii(' '));
  writeLanguage(out, part);
  out.push(ascii(' '), nstr(part.location));
}

function writeBody(out: Buffer[], part: MimePart, extensible: boolean): void {
  out.push(ascii('('));
  if (part.children !== undefined && part.children.length > 0) {
    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    for (const child of part.children) writeBody(out, child, extensible);
    out.push(ascii(' '), str(part.subtype));
    if (extensible) {
      // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
      out.push(ascii(' '));
      writeParams(out, part.wireParams);
      writeDspLangLoc(out, part);
    }
  } else {
    // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
    const isText = part.type === 'text';
    const params = isText && !part.params.some((p) => p.name === 'charset')
      ? [...part.wireParams, DEFAULT_TEXT_CHARSET]
      : part.wireParams;
    out.push(str(part.type), ascii(' '), str(part.subtype), ascii(' '));
    writeParams(out, params);
    out.push(
      ascii(' '),
      nstr(part.id),
      ascii(' '),
      nstr(part.description),
      ascii(' '),
      str(part.encoding),
      ascii(` ${part.size}`),
    );
    if (part.type === 'message' && part.subtype === 'rfc822') {
      // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
      const inner = part.message;
      out.push(ascii(' '));
      if (inner !== undefined) {
        out.push(inner.envelope !== undefined ? formatEnvelope(inner.envelope) : EMPTY_ENVELOPE, ascii(' '));
        writeBody(out, inner, extensible);
      } else {
        // Only reachable with a hand-built tree: keep the grammar valid with an empty message.
        out.push(EMPTY_ENVELOPE, ascii(' ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0)'));
      }
      out.push(ascii(` ${part.lines ?? 0}`));
    } else if (isText) {
      // body-type-text = media-text SP body-fields SP body-fld-lines
      out.push(ascii(` ${part.lines ?? 0}`));
    }
    if (extensible) {
      // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
      out.push(ascii(' '), nstr(part.md5));
      writeDspLangLoc(out, part);
    }
  }
  out.push(ascii(')'));
}
