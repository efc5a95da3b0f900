import type { Transaction } from 'sequelize';
import { type PaymentResult, type RecordPaymentInput, recordPayment } from '../../billing/ledger/record-payment.js';
import { inTransaction, isUniqueViolation } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { applyPaymentEffects, type PaymentEffects } from './apply-payment-effects.js';
import { noticeInvoiceEvent } from './payment-notices.js';

/** The ledger outcome of a received payment and what it switched on. */
export interface ReceivedPayment extends PaymentResult {
  readonly effects: PaymentEffects;
}

/** How a receipt names each rail. */
export const METHOD_LABELS: Record<string, string> = { stripe: 'Card', paypal: 'PayPal', bank_transfer: 'Bank transfer', credit: 'Account credit', manual: 'Manual payment' };

/** The ledger key of money a gateway reports: its payment reference, so every path to it records it once. */
export function paymentLedgerKey(gateway: 'stripe' | 'paypal', paymentRef: string): string {
  return `${gateway}:payment:${paymentRef}`;
}

async function receiveIn(input: RecordPaymentInput, ctx: Ctx, t: Transaction, also?: (t: Transaction) => Promise<unknown>): Promise<ReceivedPayment> {
  const tctx = withTx(ctx, t);
  const result = await recordPayment(input, tctx);
  // NOTE: after the ledger, which locks the invoice first: every payment path takes its locks in that order.
  await also?.(t);
  await noticeInvoiceEvent('payment.received', result.invoice, {
    invoiceId: result.invoice.id, paymentId: result.entry.id, amountMinor: Number(result.entry.amountMinor), method: METHOD_LABELS[input.gateway] ?? input.gateway,
    creditMinor: result.creditedMinor, paidInFull: result.invoice.status === 'paid',
  }, tctx);
  const effects = await applyPaymentEffects(result.invoice.id, tctx, result.invoice);
  return { ...result, effects };
}

/**
 * Money arrived for an invoice (a charge, a capture, a webhook, a bank transfer): in one transaction,
 * one ledger row per idempotency key, the caller's own writes (`also`, e.g. the attempt's outcome), the
 * customer's receipt, then the order activated or the suspension lifted. Repeats are
 * no-ops that still finish what a crashed first run left undone; when a concurrent delivery of the same
 * payment wins the ledger key, the transaction is run again and replays it.
 */
export async function receivePayment(input: RecordPaymentInput, ctx: Ctx, also?: (t: Transaction) => Promise<unknown>): Promise<ReceivedPayment> {
  const run = () => inTransaction(ctx, (t) => receiveIn(input, ctx, t, also));
  try {
    return await run();
  } catch (err) {
    if (!isUniqueViolation(err) || ctx.transaction) throw err;
    return run();
  }
}
