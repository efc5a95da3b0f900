import { isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { PaymentAttempt } from '../../models/index.js';
import { type ChargeContext, nextNumberAfter, offSessionAttemptRow } from './charge-invoice-off-session.js';

/**
 * Writes the first attempt of every charge in a dunning batch in one INSERT (default card, next attempt
 * number), before any gateway call, and adds each to its context: the charge then finds it as its
 * unfinished attempt and goes straight to Stripe under its key. A charge that already has one is left
 * as is. When another worker got there first (same attempt number), nothing is written and each
 * charge makes its own attempt as usual.
 */
export async function openBatchAttempts(contexts: ReadonlyMap<number, ChargeContext>, ctx: Ctx): Promise<void> {
  const rows = [];
  for (const c of contexts.values()) {
    const method = c.methods[0];
    if (!c.customer || !method || !['open', 'uncollectible'].includes(c.invoice.status) || Number(c.invoice.amountDueMinor) <= 0) continue;
    if (c.attempts.some((a) => a.paymentMethodId === method.id && a.offSession && a.status === 'pending')) continue;
    rows.push(offSessionAttemptRow(c.invoice, method, nextNumberAfter(c.attempts), ctx.now));
  }
  if (rows.length === 0) return;
  try {
    await PaymentAttempt.bulkCreate(rows, { transaction: ctx.transaction });
  } catch (err) {
    if (isUniqueViolation(err)) return;
    throw err;
  }
  // NOTE: read back by key: not every dialect hands the new ids to a multi-row INSERT.
  const made = await PaymentAttempt.findAll({ where: { idempotencyKey: rows.map((r) => r.idempotencyKey) }, transaction: ctx.transaction });
  for (const attempt of made) contexts.get(attempt.invoiceId)?.attempts.unshift(attempt);
}
