import { renderCreditNotePdf, renderInvoicePdf } from '../billing/pdf/render-invoice-pdf.js';
import { CreditNote, Invoice, TicketAttachment, type MailAttachmentDescriptor } from '../models/index.js';
import { readAttachmentFile } from '../support/attachments/storage.js';

export interface ResolvedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

const safeName = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100) || 'file';

/** Turns one descriptor into the file to attach; a missing record throws (the delivery retries, then fails). */
async function resolve(descriptor: MailAttachmentDescriptor): Promise<ResolvedAttachment> {
  switch (descriptor.kind) {
    case 'invoice_pdf': {
      const invoice = await Invoice.findByPk(descriptor.invoiceId, { attributes: ['id', 'number'], rejectOnEmpty: true });
      return { filename: `${safeName(invoice.number ?? `invoice-${invoice.id}`)}.pdf`, content: await renderInvoicePdf(invoice.id), contentType: 'application/pdf' };
    }
    case 'credit_note_pdf': {
      const note = await CreditNote.findByPk(descriptor.creditNoteId, { attributes: ['id', 'number'], rejectOnEmpty: true });
      return { filename: `${safeName(note.number ?? `credit-note-${note.id}`)}.pdf`, content: await renderCreditNotePdf(note.id), contentType: 'application/pdf' };
    }
    case 'ticket_attachment': {
      const file = await TicketAttachment.findByPk(descriptor.attachmentId, { rejectOnEmpty: true });
      return { filename: file.originalName, content: await readAttachmentFile(file.storedName), contentType: file.contentType };
    }
    default:
      throw new Error(`Unknown attachment kind ${(descriptor as { kind?: string }).kind}`);
  }
}

/** Resolves a mail's attachment descriptors at delivery time (never bytes in the outbox row). */
export function resolveAttachments(descriptors: MailAttachmentDescriptor[] | null | undefined): Promise<ResolvedAttachment[]> {
  return Promise.all((descriptors ?? []).map(resolve));
}
