import { z } from 'zod';
import type { Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Invoice } from '../../models/index.js';
import { receivePayment, type ReceivedPayment } from '../operations/receive-payment.js';

/** What staff enter when a transfer shows up on the bank statement. */
export const bankTransferPaymentInput = z
  .object({
    invoiceId: z.number().int().positive(),
    amountMinor: z.number().int().positive(),
    /** The bank's reference of the incoming transfer (statement line), unique per transfer. */
    reference: z.string().trim().min(1).max(120),
    /** The day the money arrived (value date), `YYYY-MM-DD` or a Date. */
    receivedOn: z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]),
  })
  .strict();
export type BankTransferPaymentInput = z.input<typeof bankTransferPaymentInput>;

const STAFF_ROLES = new Set(['admin', 'finance']);

/**
 * Staff record a bank transfer against an invoice: one ledger row per invoice and bank reference
 * (entering the same statement line twice records it once; the ledger audits it with the staff
 * member's name), the receipt mail, then order activation or unsuspension.
 */
export async function recordBankTransferPayment(input: BankTransferPaymentInput, ctx: Ctx): Promise<ReceivedPayment> {
  if (ctx.actor.type !== 'staff' || !STAFF_ROLES.has(ctx.actor.role ?? '')) throw new ForbiddenError('forbidden', 'Only admin or finance staff record bank transfers');
  const parsed = bankTransferPaymentInput.safeParse(input);
  if (!parsed.success) throw new ValidationError('bank_transfer_invalid', 'The bank transfer is incomplete', { issues: parsed.error.issues });
  const { invoiceId, amountMinor, reference } = parsed.data;
  const receivedOn = typeof parsed.data.receivedOn === 'string' ? new Date(`${parsed.data.receivedOn}T00:00:00Z`) : parsed.data.receivedOn;
  if (receivedOn.getTime() > ctx.now.getTime()) throw new ValidationError('bank_transfer_in_future', 'A transfer cannot arrive in the future');
  const invoice = await Invoice.findByPk(invoiceId, { attributes: ['id', 'currency', 'status'] });
  if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
  const received = await receivePayment(
    {
      invoiceId,
      amountMinor,
      currency: invoice.currency,
      gateway: 'bank_transfer',
      gatewayReference: reference,
      occurredAt: receivedOn,
      idempotencyKey: `bank_transfer:${invoiceId}:${reference}`.slice(0, 191),
      memo: `Bank transfer ${reference}`,
    },
    ctx,
  );
  return received;
}
