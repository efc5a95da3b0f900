import type { Transaction } from 'sequelize';
import { PaymentAttempt } from '../../models/index.js';

/** The next attempt number of an invoice (1, 2, ...): part of each attempt's idempotency key. */
export async function nextAttemptNumber(invoiceId: number, t?: Transaction): Promise<number> {
  const last = await PaymentAttempt.max<number, PaymentAttempt>('attemptNumber', { where: { invoiceId }, transaction: t });
  return (Number(last) || 0) + 1;
}
