import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { assertSafeInteger } from '../money.js';
import { writeEntry } from '../ledger/write-entry.js';
import { assertSameMovement, withLedgerKey } from '../ledger/with-ledger-key.js';
import { changeCredit, creditCurrencyOf, lockCustomer } from './customer-credit.js';
import type { CreditChange } from './grant-credit.js';

/** Input of `revokeCredit`. */
export interface RevokeCreditInput {
  readonly customerId: number;
  readonly amountMinor: number;
  readonly reason: string;
  readonly idempotencyKey?: string;
}

/** Staff removes account credit from a customer (a credit_revoke ledger row), audited; never below zero. */
export async function revokeCredit(input: RevokeCreditInput, ctx: Ctx): Promise<CreditChange> {
  if (assertSafeInteger(input.amountMinor, 'Credit amount') <= 0) throw new ValidationError('credit_invalid_amount', 'Credit must be a positive amount');
  if (!input.reason?.trim()) throw new ValidationError('credit_reason_required', 'A reason is required to revoke credit');
  const key = input.idempotencyKey ?? `credit_revoke:${randomUUID()}`;
  return withLedgerKey<CreditChange>(
    key,
    ctx,
    async (t) => {
      const customer = await lockCustomer(input.customerId, t);
      const currency = await creditCurrencyOf(customer, t);
      if (!currency || customer.creditBalanceMinor < input.amountMinor) {
        throw new ConflictError('insufficient_credit', `Customer ${customer.id} has ${customer.creditBalanceMinor} of credit, cannot revoke ${input.amountMinor}`);
      }
      const before = customer.creditBalanceMinor;
      const entry = await writeEntry(
        { customerId: customer.id, kind: 'credit_revoke', amountMinor: input.amountMinor, currency, idempotencyKey: key, memo: input.reason },
        ctx,
        t,
      );
      const after = await changeCredit(customer, -input.amountMinor, currency, t);
      await recordAudit(
        { action: 'customer.credit_revoked', entityType: 'customer', entityId: customer.id, before: { creditBalanceMinor: before }, after: { creditBalanceMinor: after }, reason: input.reason },
        withTx(ctx, t),
      );
      return { entry, creditBalanceMinor: after, duplicate: false };
    },
    async (entry, t) => {
      assertSameMovement(entry, { kind: 'credit_revoke', amountMinor: input.amountMinor });
      return { entry, creditBalanceMinor: (await lockCustomer(entry.customerId, t)).creditBalanceMinor, duplicate: true };
    },
  );
}
