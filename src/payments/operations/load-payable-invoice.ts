import type { Ctx } from '../../lib/context.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { Customer, Invoice } from '../../models/index.js';

/** An invoice someone may pay now, with its customer. */
export interface PayableInvoice {
  readonly invoice: Invoice;
  readonly customer: Customer;
}

/**
 * Loads an issued, unpaid invoice; a customer actor only ever sees their own (another customer's id
 * answers "not found", never "forbidden", so ids cannot be probed).
 */
export async function loadPayableInvoice(invoiceId: number, ctx: Ctx): Promise<PayableInvoice> {
  const invoice = await Invoice.findByPk(invoiceId, { transaction: ctx.transaction });
  const customer = invoice ? await Customer.findByPk(invoice.customerId, { transaction: ctx.transaction }) : null;
  if (!invoice || !customer) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
  if (ctx.actor.type === 'customer' && customer.userId !== ctx.actor.userId) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
  if (!['open', 'uncollectible'].includes(invoice.status) || Number(invoice.amountDueMinor) <= 0) {
    throw new ConflictError('invoice_not_payable', `Invoice ${invoice.number ?? invoice.id} is ${invoice.status} with nothing to pay`, { status: invoice.status });
  }
  return { invoice, customer };
}
