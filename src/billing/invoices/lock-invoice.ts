import type { Transaction } from 'sequelize';
import { forUpdate } from '../../db/transaction.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { InvoiceStatus } from '../../models/enums.js';
import { Invoice } from '../../models/invoice.js';

/** Loads an invoice with a row lock (MySQL/MariaDB) for "read, decide, write"; optionally requires a status. */
export async function lockInvoice(invoiceId: number, t: Transaction, allowed?: readonly InvoiceStatus[]): Promise<Invoice> {
  const invoice = await Invoice.findByPk(invoiceId, forUpdate(t));
  if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
  if (allowed && !allowed.includes(invoice.status)) {
    const code = invoice.status === 'draft' ? 'invoice_not_issued' : allowed.length === 1 && allowed[0] === 'draft' ? 'invoice_immutable' : `invoice_${invoice.status}`;
    throw new ConflictError(code, `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}; expected ${allowed.join(' or ')}`, { status: invoice.status });
  }
  return invoice;
}
