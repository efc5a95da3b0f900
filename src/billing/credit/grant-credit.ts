import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import type { CurrencyCode } from '../../models/enums.js';
import type { LedgerEntry } from '../../models/ledger-entry.js';
import { assertCurrency, assertSafeInteger } from '../money.js';
import { writeEntry } from '../ledger/write-entry.js';
import { changeCredit, creditCurrencyOf, lockCustomer } from './customer-credit.js';
import { assertSameMovement, withLedgerKey } from '../ledger/with-ledger-key.js';

/** Input of `grantCredit`. */
export interface GrantCreditInput {
  readonly customerId: number;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly reason: string;
  /** Makes a retried request a no-op; a fresh key is generated when absent. */
  readonly idempotencyKey?: string;
}

/** Result of a credit change: the ledger row and the customer's credit after it. */
export interface CreditChange {
  readonly entry: LedgerEntry;
  readonly creditBalanceMinor: number;
  readonly duplicate: boolean;
}

/** Staff adds account credit to a customer (a credit_grant ledger row), audited. */
export async function grantCredit(input: GrantCreditInput, ctx: Ctx): Promise<CreditChange> {
  if (assertSafeInteger(input.amountMinor, 'Credit amount') <= 0) throw new ValidationError('credit_invalid_amount', 'Credit must be a positive amount');
  if (!input.reason?.trim()) throw new ValidationError('credit_reason_required', 'A reason is required to grant credit');
  const currency = assertCurrency(input.currency) as CurrencyCode;
  const key = input.idempotencyKey ?? `credit_grant:${randomUUID()}`;
  return withLedgerKey<CreditChange>(key, ctx, async (t) => {
    const customer = await lockCustomer(input.customerId, t);
    const established = await creditCurrencyOf(customer, t);
    if (established && established !== currency) {
      throw new ValidationError('credit_currency_mismatch', `Customer ${customer.id} holds credit in ${established}, not ${currency}`);
    }
    const before = customer.creditBalanceMinor;
    const entry = await writeEntry(
      { customerId: customer.id, kind: 'credit_grant', amountMinor: input.amountMinor, currency, idempotencyKey: key, memo: input.reason },
      ctx,
      t,
    );
    const after = await changeCredit(customer, input.amountMinor, currency, t);
    await recordAudit(
      { action: 'customer.credit_granted', entityType: 'customer', entityId: customer.id, before: { creditBalanceMinor: before }, after: { creditBalanceMinor: after, currency }, reason: input.reason },
      withTx(ctx, t),
    );
    return { entry, creditBalanceMinor: after, duplicate: false };
  }, async (entry, t) => {
    assertSameMovement(entry, { kind: 'credit_grant', amountMinor: input.amountMinor });
    return { entry, creditBalanceMinor: (await lockCustomer(entry.customerId, t)).creditBalanceMinor, duplicate: true };
  });
}
