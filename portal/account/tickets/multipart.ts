import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import formidable from 'formidable';
import { ValidationError } from '../../../src/lib/errors.js';
import type { Upload } from '../../../src/support/attachments/check-uploads.js';

/** The part of formidable 1.x (installed with express-formidable) used here; its @types describe a later major. */
interface LegacyForm {
  maxFields: number;
  maxFieldsSize: number;
  onPart: (part: Readable & { filename?: string; name: string }) => void;
  handlePart(part: Readable): void;
  parse(req: IncomingMessage, cb: (err: Error | null, fields: Record<string, string>) => void): void;
}
const IncomingForm = (formidable as unknown as { IncomingForm: new () => LegacyForm }).IncomingForm;

export interface MultipartBody {
  fields: Record<string, string>;
  files: Upload[];
}

/**
 * Reads a multipart form (or takes the url-encoded body) into fields and in-memory files. A file larger than
 * `maxFileBytes` keeps only its first `maxFileBytes + 1` bytes, so the operation reports it as too large; a request
 * past `maxTotalBytes` is refused outright.
 */
export function readMultipart(req: Request, opts: { maxFileBytes: number; maxTotalBytes: number }): Promise<MultipartBody> {
  if (!req.is('multipart/form-data')) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return Promise.resolve({ fields: Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>, files: [] });
  }
  return new Promise((resolve, reject) => {
    const form = new IncomingForm();
    form.maxFields = 50;
    form.maxFieldsSize = 1024 * 1024;
    const files: Upload[] = [];
    let total = 0;
    let failed = false;
    form.onPart = (part) => {
      if (part.filename === undefined) return form.handlePart(part);
      const chunks: Buffer[] = [];
      let size = 0;
      part.on('data', (chunk: Buffer) => {
        if (failed) return;
        total += chunk.length;
        if (total > opts.maxTotalBytes && !failed) {
          failed = true;
          reject(new ValidationError('upload_too_large', 'The files are too large altogether.'));
          return;
        }
        if (size <= opts.maxFileBytes) chunks.push(chunk.subarray(0, opts.maxFileBytes + 1 - size));
        size += chunk.length;
      });
      part.on('end', () => {
        const bytes = Buffer.concat(chunks);
        // NOTE: a file input left empty still sends a part, without a name or bytes.
        if (part.filename || bytes.length > 0) files.push({ filename: part.filename || 'file', bytes });
      });
    };
    form.parse(req, (err, fields) => {
      if (failed) return;
      if (err) return reject(new ValidationError('upload_invalid', 'The form could not be read. Please try again.'));
      resolve({ fields, files });
    });
  });
}
