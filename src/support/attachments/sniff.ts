/** What a ticket attachment may be, decided from its bytes (never from the name or the browser's content type). */
export type AttachmentKind = 'png' | 'jpeg' | 'gif' | 'pdf' | 'zip' | 'text';

export const CONTENT_TYPES: Record<AttachmentKind, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  zip: 'application/zip',
  text: 'text/plain; charset=utf-8',
};

/** File name extensions that fit each kind (the first is used when a name has none that fits). */
export const EXTENSIONS: Record<AttachmentKind, string[]> = {
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  gif: ['gif'],
  pdf: ['pdf'],
  zip: ['zip'],
  text: ['txt', 'log'],
};

const starts = (bytes: Buffer, ...signature: number[]): boolean => signature.every((b, i) => bytes[i] === b);
const ascii = (bytes: Buffer, text: string): boolean => bytes.subarray(0, text.length).toString('latin1') === text;

/** True for programs: Windows PE, ELF, Mach-O (and Java classes / fat binaries), and scripts with a shebang. */
export function isExecutable(bytes: Buffer): boolean {
  return (
    ascii(bytes, 'MZ') ||
    starts(bytes, 0x7f, 0x45, 0x4c, 0x46) ||
    starts(bytes, 0xfe, 0xed, 0xfa, 0xce) ||
    starts(bytes, 0xfe, 0xed, 0xfa, 0xcf) ||
    starts(bytes, 0xce, 0xfa, 0xed, 0xfe) ||
    starts(bytes, 0xcf, 0xfa, 0xed, 0xfe) ||
    starts(bytes, 0xca, 0xfe, 0xba, 0xbe) ||
    ascii(bytes, '#!')
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The kind of file these bytes are, 'executable', or null when it is none we accept. */
export function sniffContentType(bytes: Buffer): AttachmentKind | 'executable' | null {
  if (isExecutable(bytes)) return 'executable';
  if (starts(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(bytes, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (ascii(bytes, 'GIF87a') || ascii(bytes, 'GIF89a')) return 'gif';
  if (ascii(bytes, '%PDF-')) return 'pdf';
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04) || starts(bytes, 0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (isText(bytes)) return 'text';
  return null;
}
