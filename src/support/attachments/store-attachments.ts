import type { Transaction } from 'sequelize';
import { TicketAttachment } from '../../models/index.js';
import type { CheckedUpload } from './check-uploads.js';
import { removeAttachmentFiles, writeAttachmentFile } from './storage.js';

/** Writes checked files to storage and their rows on a reply, in `t`; `written` collects stored names for cleanup. */
export async function storeAttachments(files: readonly CheckedUpload[], at: { ticketId: number; replyId: number; now: Date }, t: Transaction, written: string[]): Promise<TicketAttachment[]> {
  const rows: TicketAttachment[] = [];
  for (const file of files) {
    const storedName = await writeAttachmentFile(file.bytes, at.now);
    written.push(storedName);
    rows.push(
      await TicketAttachment.create(
        { ticketId: at.ticketId, replyId: at.replyId, originalName: file.originalName, storedName, contentType: file.contentType, sizeBytes: file.bytes.length, sha256: file.sha256 },
        { transaction: t },
      ),
    );
  }
  return rows;
}

/**
 * Runs `fn` (a transaction that stores files) and removes the files it wrote when it fails, so a rolled-back
 * message leaves no orphan file behind.
 */
export async function withAttachmentCleanup<T>(fn: (written: string[]) => Promise<T>): Promise<T> {
  const written: string[] = [];
  try {
    return await fn(written);
  } catch (err) {
    await removeAttachmentFiles(written).catch(() => undefined);
    throw err;
  }
}
