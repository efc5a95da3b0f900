import { createReadStream, type ReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { config } from '../../../config/index.js';
import { randomToken } from '../../lib/crypto.js';

/** Ticket attachments live under DATA_DIR/attachments/ (outside the web root), under random names. */
export function attachmentsDir(): string {
  return path.join(config().dataDir, 'attachments');
}

/** The file of a stored name; a name that would leave the attachments directory is refused. */
export function attachmentPath(storedName: string): string {
  const root = attachmentsDir();
  const file = path.resolve(root, storedName);
  if (!/^[A-Za-z0-9._/-]+$/.test(storedName) || storedName.includes('..') || !file.startsWith(root + path.sep)) {
    throw new Error(`Invalid attachment name "${storedName}"`);
  }
  return file;
}

/** Writes bytes under a new random name (`2025/03/<random>.bin`) and returns that name. */
export async function writeAttachmentFile(bytes: Buffer, now: Date): Promise<string> {
  const month = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const storedName = `${month}/${randomToken(18)}.bin`;
  const file = attachmentPath(storedName);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o750 });
  await fs.writeFile(file, bytes, { flag: 'wx', mode: 0o640 });
  return storedName;
}

/** Removes stored files (a transaction that wrote their rows rolled back). */
export async function removeAttachmentFiles(storedNames: string[]): Promise<void> {
  await Promise.all(storedNames.map((name) => fs.rm(attachmentPath(name), { force: true })));
}

export function readAttachmentFile(storedName: string): Promise<Buffer> {
  return fs.readFile(attachmentPath(storedName));
}

export function attachmentReadStream(storedName: string): ReadStream {
  return createReadStream(attachmentPath(storedName));
}
