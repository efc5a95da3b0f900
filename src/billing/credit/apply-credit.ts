import type { Transaction } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { type Ctx, withTx } from '../../lib/context.js';
import type { Invoice } from '../../models/invoice.js';
import { LedgerEntry } from '../../models/ledger-entry.js';
import { lockInvoice } from '../invoices/lock-invoice.js';
import { invoiceBalance } from '../ledger/invoice-balance.js';
import { settleInvoice } from '../ledger/settle-invoice.js';
import { writeEntry } from '../ledger/write-entry.js';
import { sharedRead } from '../ledger/locking-read.js';
import { money, min } from '../money.js';
import { changeCredit, creditCurrencyOf, lockCustomer } from './customer-credit.js';
import { inTransaction } from '../../db/transaction.js';

/** What applying credit did. */
export interface CreditApplication {
  readonly invoice: Invoice;
  readonly appliedMinor: number;
  readonly creditBalanceMinor: number;
  readonly becamePaid: boolean;
}

/** Applies credit to an invoice already locked in `t` (used by createInvoice); see `applyCredit`. */
export async function applyCreditInTx(invoice: Invoice, ctx: Ctx, t: Transaction): Promise<CreditApplication> {
  const customer = await lockCustomer(invoice.customerId, t);
  const none = { invoice, appliedMinor: 0, creditBalanceMinor: customer.creditBalanceMinor, becamePaid: false };
  if (customer.creditBalanceMinor <= 0 || !['open', 'uncollectible'].includes(invoice.status)) return none;
  // NOTE: credit is never converted between currencies; credit in another currency stays for later invoices.
  if ((await creditCurrencyOf(customer, t)) !== invoice.currency) return none;
  const balance = await invoiceBalance(invoice.id, t);
  if (balance.balanceMinor <= 0) return none;
  const amount = min(money(balance.balanceMinor, invoice.currency), money(customer.creditBalanceMinor, invoice.currency)).minor;
  const previous = await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'credit_apply' }, ...sharedRead(t) });
  await writeEntry(
    {
      customerId: customer.id,
      invoiceId: invoice.id,
      kind: 'credit_apply',
      amountMinor: amount,
      currency: invoice.currency,
      gateway: 'credit',
      idempotencyKey: `invoice:${invoice.id}:credit_apply:${previous + 1}`,
      memo: `Credit applied to ${invoice.number ?? `invoice ${invoice.id}`}`,
    },
    ctx,
    t,
  );
  const creditBalanceMinor = await changeCredit(customer, -amount, invoice.currency, t);
  const { becamePaid } = await settleInvoice(invoice, ctx.now, t);
  return { invoice, appliedMinor: amount, creditBalanceMinor, becamePaid };
}

/** Applies the customer's available credit to an open invoice: min(balance, credit), one credit_apply ledger row. */
export async function applyCredit(invoiceId: number, ctx: Ctx): Promise<CreditApplication> {
  return inTransaction(ctx, async (t) => {
    const result = await applyCreditInTx(await lockInvoice(invoiceId, t), ctx, t);
    if (ctx.actor.type === 'staff' && result.appliedMinor > 0) {
      await recordAudit(
        { action: 'invoice.credit_applied', entityType: 'invoice', entityId: invoiceId, after: { appliedMinor: result.appliedMinor, amountDueMinor: result.invoice.amountDueMinor } },
        withTx(ctx, t),
      );
    }
    return result;
  });
}
