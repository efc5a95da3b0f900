import type { Readable } from 'node:stream';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Ticket, TicketAttachment, TicketReply } from '../../models/index.js';
import { assertStaff } from '../staff-guard.js';
import { attachmentReadStream } from './storage.js';

export interface AttachmentDownload {
  filename: string;
  contentType: string;
  sizeBytes: number;
  stream: Readable;
}

function download(file: TicketAttachment): AttachmentDownload {
  return { filename: file.originalName, contentType: file.contentType, sizeBytes: Number(file.sizeBytes), stream: attachmentReadStream(file.storedName) };
}

/**
 * A file of one of the customer's tickets, for the portal. Files of internal notes, of other customers' tickets or
 * of another ticket than the one named are the same 404.
 */
export async function openCustomerAttachment(customerId: number, ticketId: number, attachmentId: number): Promise<AttachmentDownload> {
  const file = await TicketAttachment.findOne({
    where: { id: attachmentId, ticketId },
    include: [
      { model: Ticket, as: 'ticket', where: { customerId }, attributes: ['id'], required: true },
      { model: TicketReply, as: 'reply', where: { internal: false }, attributes: ['id'], required: true },
    ],
  });
  if (!file) throw new NotFoundError('attachment_not_found', 'File not found');
  return download(file);
}

/** Any ticket file, for the back office (staff only). */
export async function openStaffAttachment(attachmentId: number, ctx: Ctx): Promise<AttachmentDownload> {
  assertStaff(ctx);
  const file = await TicketAttachment.findByPk(attachmentId);
  if (!file) throw new NotFoundError('attachment_not_found', 'File not found');
  return download(file);
}
