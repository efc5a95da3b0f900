import fs from 'node:fs/promises';
import { MAX_FILES_PER_REPLY, type Upload } from '../../src/support/attachments/check-uploads.js';
import { ValidationError } from '../../src/lib/errors.js';

/** Field names of the desk's files: `attachments`, or `attachments.0` ... (the multipart parser keeps one file a name). */
export const UPLOAD_FIELD = /^attachments(\.\d+)?$/;

/** A file as the back office's multipart parser (formidable) hands it over: written to a temporary path. */
interface ParsedFile {
  path: string;
  name?: string | null;
  size: number;
}

function isParsedFile(value: unknown): value is ParsedFile {
  const v = value as Partial<ParsedFile> | null;
  return typeof v === 'object' && v !== null && typeof v.path === 'string' && typeof v.size === 'number';
}

/** Every uploaded file of a desk payload, whatever its field name. */
function parsedFiles(payload: Record<string, unknown>): Array<{ field: string; file: ParsedFile }> {
  return Object.entries(payload)
    .flatMap(([field, value]) => (Array.isArray(value) ? value : [value]).map((file: unknown) => ({ field, file })))
    .filter((e): e is { field: string; file: ParsedFile } => isParsedFile(e.file));
}

/** The payload without its files (what the desk's schema validates). */
export function withoutFiles(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([field, value]) => !UPLOAD_FIELD.test(field) && !isParsedFile(value)));
}

/**
 * Reads the files staff attached to a reply or note (empty file inputs are ignored); the checks of type, size and
 * count are the support operation's. More files than a reply takes are refused before any is read.
 */
export async function readDeskUploads(payload: Record<string, unknown>): Promise<Upload[]> {
  const index = (field: string): number => Number(UPLOAD_FIELD.exec(field)?.[1]?.slice(1) ?? 0);
  // NOTE: the parser lists files as their writes finish, not as they were sent: the field number keeps staff's order.
  const files = parsedFiles(payload)
    .filter(({ field, file }) => UPLOAD_FIELD.test(field) && (file.size > 0 || Boolean(file.name)))
    .sort((a, b) => index(a.field) - index(b.field));
  if (files.length > MAX_FILES_PER_REPLY) throw new ValidationError('too_many_attachments', `Attach at most ${MAX_FILES_PER_REPLY} files to one message.`);
  return Promise.all(files.map(async ({ file }) => ({ filename: file.name || 'file', bytes: await fs.readFile(file.path) })));
}

