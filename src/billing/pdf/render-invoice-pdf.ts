import { drawDocument } from './draw-document.js';
import { loadCreditNoteView, loadInvoiceView } from './load-document-view.js';

/** The invoice as a PDF (A4): parties with tax ids, lines, tax breakdown, totals, payments, status stamp; for portal, admin, API and mail. */
export async function renderInvoicePdf(invoiceId: number): Promise<Buffer> {
  return drawDocument(await loadInvoiceView(invoiceId));
}

/** The credit note as a PDF (A4), referencing the invoice it corrects. */
export async function renderCreditNotePdf(creditNoteId: number): Promise<Buffer> {
  return drawDocument(await loadCreditNoteView(creditNoteId));
}
