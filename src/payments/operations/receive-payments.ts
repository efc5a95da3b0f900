import { QueryTypes } from 'sequelize';
import type { RecordPaymentInput } from '../../billing/ledger/record-payment.js';
import { recordPayments } from '../../billing/ledger/record-payments.js';
import { sqlTimestamp } from '../../db/locks.js';
import { sequelize } from '../../db/sequelize.js';
import { inTransaction } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { OutboxMessage } from '../../models/index.js';
import { applyPaymentEffectsToMany } from './apply-payment-effects.js';
import { invoiceEventRow } from './payment-notices.js';
import { METHOD_LABELS, type ReceivedPayment } from './receive-payment.js';

/** A charge that succeeded: the payment to record and the attempt (id, gateway reference) it settles. */
export interface SucceededCharge {
  readonly input: RecordPaymentInput;
  readonly attemptId: number;
  readonly gatewayReference: string;
}

/**
 * Money arrived for many invoices at once (a dunning batch), in one transaction: the ledger rows
 * (`recordPayments`), the attempts marked succeeded, one receipt event per payment and the effects of
 * each paid invoice: what `receivePayment` does for one, in a few statements per batch. A charge the
 * batch leaves out (null: a replay, an overpayment) is for `receivePayment`; any error rolls the whole
 * batch back, and its charges can then be received one by one under the same keys.
 */
export async function receivePayments(charges: readonly SucceededCharge[], ctx: Ctx): Promise<Array<ReceivedPayment | null>> {
  if (charges.length === 0) return [];
  return inTransaction(ctx, async (t) => {
    const tctx = withTx(ctx, t);
    const recorded = await recordPayments(charges.map((c) => c.input), tctx);
    const done = charges.flatMap((charge, at) => {
      const result = recorded[at];
      return result ? [{ charge, result }] : [];
    });
    if (done.length === 0) return recorded.map(() => null);
    // NOTE: after the ledger, which locked the invoices first: every payment path takes its locks in that order.
    const references = done.flatMap(({ charge }) => [charge.attemptId, charge.gatewayReference.slice(0, 191)]);
    await sequelize().query(
      `UPDATE payment_attempts SET status = 'succeeded', completed_at = ?, updated_at = ?, gateway_reference = CASE id ${done.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (?)`,
      { replacements: [sqlTimestamp(ctx.now), sqlTimestamp(ctx.now), ...references, done.map(({ charge }) => charge.attemptId)], type: QueryTypes.BULKUPDATE, transaction: t },
    );
    await OutboxMessage.bulkCreate(
      done.map(({ charge, result }) => invoiceEventRow('payment.received', result.invoice, {
        invoiceId: result.invoice.id, paymentId: result.entry.id, amountMinor: Number(result.entry.amountMinor), method: METHOD_LABELS[charge.input.gateway] ?? charge.input.gateway,
        creditMinor: result.creditedMinor, paidInFull: result.invoice.status === 'paid',
      }, ctx.now)),
      { transaction: t },
    );
    const effects = await applyPaymentEffectsToMany(done.map(({ result }) => result.invoice), tctx);
    return recorded.map((result) => (result ? { ...result, effects: effects.get(result.invoice.id) ?? { orderActivated: false, reactivated: [] } } : null));
  });
}
