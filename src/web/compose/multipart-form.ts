/**
 * Reads a compose form (multipart/form-data, RFC 7578) as it arrives, with busboy: small fields
 * into memory within their limits, files straight to disk while counting their bytes. A file
 * that would not fit in the message is cut off at the first byte past its room, its partial file
 * deleted, and the rest of it read and thrown away: an upload over the limit is never held whole,
 * in memory or on disk.
 *
 * A form posted urlencoded (a client without files) has already been read by Express: its
 * fields are taken from `req.body`.
 */
import fs from 'node:fs';
import type { Request } from 'express';
import busboy from 'busboy';

/** Longest text field: the body (plain text and its rich-text twin), with room for a long quote. */
export const MAX_TEXT_FIELD_BYTES = 4 * 1024 * 1024;
/** Fields per form: the compose form has about twenty. */
export const MAX_FORM_FIELDS = 100;
/** Files per request (one upload or one no-JavaScript « Joindre »). */
export const MAX_FILES_PER_REQUEST = 20;

export class FormError extends Error {
  override name = 'FormError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ReceivedFile {
  filename: string;
  contentType: string;
  size: number;
  /** Where the bytes are; the caller adopts or deletes the file. */
  path: string;
}

export interface RefusedFile {
  filename: string;
  /** Size when known (the whole file was counted), else null. */
  size: number | null;
}

export interface ParsedForm {
  fields: Map<string, string[]>;
  files: ReceivedFile[];
  /** Files that did not fit, in order. */
  refused: RefusedFile[];
}

export interface MultipartOptions {
  /** Raw bytes the next file may have, given the files accepted before it. */
  roomFor: (acceptedSizes: readonly number[]) => number;
  /** A fresh temporary path for a file being received. */
  tempPath: () => string;
  /** Largest request body, whatever it holds: past it the connection is refused. */
  maxRequestBytes: number;
}

/** First value of a field, or ''. */
export function field(form: ParsedForm, name: string): string {
  return form.fields.get(name)?.[0] ?? '';
}

function fromUrlencoded(body: unknown): ParsedForm {
  const fields = new Map<string, string[]>();
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    fields.set(name, values);
  }
  return { fields, files: [], refused: [] };
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Already gone, or the folder with it.
  }
}

export function isMultipart(req: Request): boolean {
  return (req.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

export function readForm(req: Request, options: MultipartOptions): Promise<ParsedForm> {
  if (!isMultipart(req)) return Promise.resolve(fromUrlencoded(req.body));
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > options.maxRequestBytes) {
    return Promise.reject(new FormError('La demande est trop volumineuse.', 413));
  }
  return new Promise<ParsedForm>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fieldSize: MAX_TEXT_FIELD_BYTES,
          fields: MAX_FORM_FIELDS,
          files: MAX_FILES_PER_REQUEST,
          // A backstop: the per-file room below is always smaller.
          fileSize: options.maxRequestBytes,
          parts: MAX_FORM_FIELDS + MAX_FILES_PER_REQUEST,
        },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(new FormError('Formulaire illisible.', 400));
      return;
    }
    const form: ParsedForm = { fields: new Map(), files: [], refused: [] };
    const writes: Promise<void>[] = [];
    const temporary: string[] = [];
    let failure: FormError | null = null;
    let received = 0;

    const fail = (error: FormError) => {
      failure ??= error;
    };

    req.on('data', (chunk: Buffer) => {
      // Chunked requests have no Content-Length: count what comes.
      received += chunk.length;
      if (received > options.maxRequestBytes && !failure) {
        fail(new FormError('La demande est trop volumineuse.', 413));
        req.unpipe(parser);
        req.resume();
        finish();
      }
    });

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new FormError('Le texte du message est trop long.', 413));
      const list = form.fields.get(name) ?? [];
      list.push(value);
      form.fields.set(name, list);
    });

    parser.on('file', (_name, stream, info) => {
      const filename = info.filename ?? '';
      // An empty file input still sends a part with no name and no bytes.
      if (!filename) {
        stream.resume();
        return;
      }
      const room = options.roomFor(form.files.map((f) => f.size));
      const target = options.tempPath();
      temporary.push(target);
      const out = fs.createWriteStream(target, { flags: 'wx' });
      let size = 0;
      let over = false;
      const written = new Promise<void>((done) => {
        // Deleted only once closed: a stream destroyed while opening still creates its file.
        out.once('close', () => {
          if (over) removeQuietly(target);
          done();
        });
        out.once('error', (err) => {
          fail(new FormError(`Enregistrement impossible : ${err.message}`, 500));
          done();
        });
      });
      writes.push(written);
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (!over && size > room) {
          over = true;
          // Stop keeping it; read the rest of it only to reach the next part.
          stream.unpipe(out);
          out.destroy();
          stream.resume();
        }
      });
      stream.once('end', () => {
        if (over) {
          form.refused.push({ filename, size: stream.truncated ? null : size });
        } else {
          form.files.push({ filename, contentType: info.mimeType || 'application/octet-stream', size, path: target });
        }
      });
      stream.pipe(out);
    });

    parser.once('error', () => {
      fail(new FormError('Formulaire illisible.', 400));
      finish();
    });
    parser.once('close', () => finish());
    req.once('aborted', () => {
      fail(new FormError('Envoi interrompu.', 400));
      finish();
    });

    let finished = false;
    function finish(): void {
      if (finished) return;
      finished = true;
      void Promise.all(writes).then(() => {
        if (failure) {
          for (const file of temporary) removeQuietly(file);
          reject(failure);
          return;
        }
        if (parserLimitHit) {
          for (const file of temporary) removeQuietly(file);
          reject(new FormError('Trop de champs ou de fichiers dans le formulaire.', 413));
          return;
        }
        resolve(form);
      });
    }
    let parserLimitHit = false;
    parser.on('partsLimit', () => (parserLimitHit = true));
    parser.on('filesLimit', () => (parserLimitHit = true));
    parser.on('fieldsLimit', () => (parserLimitHit = true));

    req.pipe(parser);
  });
}
