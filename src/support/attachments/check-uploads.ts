import crypto from 'node:crypto';
import path from 'node:path';
import { ValidationError } from '../../lib/errors.js';
import { getSetting } from '../../settings/index.js';
import { CONTENT_TYPES, EXTENSIONS, sniffContentType, type AttachmentKind } from './sniff.js';

/** A file as it arrived (upload or email attachment). */
export interface Upload {
  filename: string;
  bytes: Buffer;
}

/** A file that passed the checks: a clean name, the type read from its bytes, its digest. */
export interface CheckedUpload {
  originalName: string;
  contentType: string;
  kind: AttachmentKind;
  bytes: Buffer;
  sha256: string;
}

export const MAX_FILES_PER_REPLY = 5;

// NOTE: names that run code when opened on the customer's or an agent's machine are refused whatever the bytes say.
const BLOCKED = new Set(['exe', 'com', 'bat', 'cmd', 'msi', 'msp', 'scr', 'pif', 'cpl', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'hta', 'jar', 'sh', 'bash', 'app', 'dll', 'so', 'dylib', 'apk', 'lnk', 'reg', 'html', 'htm', 'svg', 'xhtml']);

/** A file name safe to show and to send in Content-Disposition: no path, no control characters, an extension that fits. */
export function sanitizeFilename(name: string, kind: AttachmentKind): string {
  const base = path.posix.basename(name.replace(/\\/g, '/')).normalize('NFKC');
  let clean = base.replace(/[^\p{L}\p{N} ._()+-]+/gu, '_').replace(/\s+/g, ' ').replace(/^[.\s]+|[.\s]+$/g, '');
  const ext = path.extname(clean).slice(1).toLowerCase();
  if (!EXTENSIONS[kind].includes(ext)) clean = `${clean || 'file'}.${EXTENSIONS[kind][0]!}`;
  if (clean.length > 120) {
    const keep = path.extname(clean);
    clean = clean.slice(0, 120 - keep.length) + keep;
  }
  return clean;
}

function reject(code: string, message: string, filename: string): never {
  throw new ValidationError(code, message, { filename });
}

/** Checks the files of one message: count, size (setting `support.max_attachment_mb`), and type sniffed from the bytes. */
export async function checkUploads(uploads: readonly Upload[]): Promise<CheckedUpload[]> {
  if (uploads.length === 0) return [];
  if (uploads.length > MAX_FILES_PER_REPLY) throw new ValidationError('too_many_attachments', `Attach at most ${MAX_FILES_PER_REPLY} files to one message.`);
  const maxMb = await getSetting('support.max_attachment_mb');
  return uploads.map(({ filename, bytes }) => {
    const shown = path.posix.basename(filename.replace(/\\/g, '/')).slice(0, 120) || 'file';
    if (bytes.length === 0) reject('attachment_empty', `${shown} is empty.`, shown);
    if (bytes.length > maxMb * 1024 * 1024) reject('attachment_too_large', `${shown} is larger than ${maxMb} MB.`, shown);
    const ext = path.extname(shown).slice(1).toLowerCase();
    const kind = sniffContentType(bytes);
    if (kind === 'executable' || BLOCKED.has(ext)) reject('attachment_type_rejected', `${shown}: programs and scripts cannot be attached.`, shown);
    if (!kind) reject('attachment_type_rejected', `${shown}: only images (PNG, JPEG, GIF), PDF, ZIP and text files (.txt, .log) can be attached.`, shown);
    if (kind === 'text' && ext !== '' && !EXTENSIONS.text.includes(ext)) reject('attachment_type_rejected', `${shown}: text files must be .txt or .log.`, shown);
    return { originalName: sanitizeFilename(shown, kind), contentType: CONTENT_TYPES[kind], kind, bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  });
}
