import type { Response } from 'express';
import type { AttachmentDownload } from '../support/attachments/open-attachment.js';

/** Content-Disposition: attachment, with an ASCII fallback and the UTF-8 name (RFC 6266). */
function disposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Streams a ticket file as a download that the browser never renders or sniffs (portal and back office alike). */
export function sendAttachment(res: Response, file: AttachmentDownload): void {
  res.set({
    'Content-Type': file.contentType,
    'Content-Length': String(file.sizeBytes),
    'Content-Disposition': disposition(file.filename),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  file.stream.on('error', (err) => (res.headersSent ? res.destroy(err) : res.status(404).end()));
  file.stream.pipe(res);
}
