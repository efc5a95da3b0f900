import { ConflictError } from '../../lib/errors.js';
import { LedgerEntry } from '../../models/index.js';

/** A refund, dispute or reversal names a payment we have not recorded yet (events out of order). */
export class PaymentNotRecordedError extends ConflictError {
  constructor(gateway: string, paymentRef: string) {
    super('payment_not_recorded', `No ${gateway} payment ${paymentRef} in the ledger yet`, { gateway, paymentRef });
  }
}

/** The payment ledger row of a gateway payment reference (PaymentIntent / PayPal capture); throws PaymentNotRecordedError. */
export async function findGatewayPayment(gateway: 'stripe' | 'paypal', paymentRef: string | null): Promise<LedgerEntry> {
  const payment = paymentRef ? await LedgerEntry.findOne({ where: { gateway, gatewayReference: paymentRef, kind: 'payment' }, order: [['id', 'ASC']] }) : null;
  if (!payment) throw new PaymentNotRecordedError(gateway, paymentRef ?? '(none)');
  return payment;
}
