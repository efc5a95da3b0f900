import type { Transaction } from 'sequelize';
import { config } from '../../../config/index.js';
import { isUniqueViolation, inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { Customer } from '../../models/customer.js';
import type { CurrencyCode, InvoiceKind } from '../../models/enums.js';
import { Invoice } from '../../models/invoice.js';
import { applyCreditInTx } from '../credit/apply-credit.js';
import { assertCurrency } from '../money.js';
import { loadTaxEnv } from '../tax/load-tax-env.js';
import { customerTaxOf } from '../tax/resolve-tax-for-customer.js';
import type { InvoiceCouponSpec, InvoiceLineSpec, PreparedInvoice, TaxEnv } from './invoice-types.js';
import { issueInTx } from './issue-invoice.js';
import { prepareInvoice } from './prepare-invoice.js';
import { writePrepared } from './recalculate-draft.js';

/** Input of `createInvoice`: what to bill, to whom, and the business identity of the effect. */
export interface CreateInvoiceInput {
  readonly customerId: number;
  readonly kind: InvoiceKind;
  readonly lines: readonly InvoiceLineSpec[];
  /** Defaults to the customer's currency, then the base currency. */
  readonly currency?: CurrencyCode;
  readonly coupon?: InvoiceCouponSpec | null;
  readonly subscriptionId?: number | null;
  readonly orderId?: number | null;
  /** e.g. `renewal:<subscriptionId>:<periodStart ISO>`; a second call with the same key returns the first invoice. */
  readonly idempotencyKey?: string | null;
  readonly periodStart?: Date | null;
  readonly periodEnd?: Date | null;
  /** Defaults to issue date + billing.payment_terms_days. */
  readonly dueAt?: Date | null;
  readonly notes?: string | null;
  /** Issue at once (default true); false leaves a priced draft. */
  readonly issue?: boolean;
  /** Apply the customer's account credit once issued (default true). */
  readonly applyCredit?: boolean;
  /** Preloaded tax rates and settings, for a batch run (default: loaded for ctx.now). */
  readonly taxEnv?: TaxEnv;
}

/** The invoice, whether it already existed under the key, and the credit applied to it. */
export interface CreateInvoiceResult {
  readonly invoice: Invoice;
  readonly duplicate: boolean;
  readonly prepared: PreparedInvoice | null;
  readonly creditAppliedMinor: number;
}

async function existing(key: string | null | undefined, t?: Transaction): Promise<Invoice | null> {
  return key ? Invoice.findOne({ where: { idempotencyKey: key }, transaction: t }) : null;
}

async function create(input: CreateInvoiceInput, ctx: Ctx, t: Transaction): Promise<CreateInvoiceResult> {
  const found = await existing(input.idempotencyKey, t);
  if (found) return { invoice: found, duplicate: true, prepared: null, creditAppliedMinor: 0 };
  const customer = await Customer.findByPk(input.customerId, { transaction: t });
  if (!customer) throw new NotFoundError('customer_not_found', `Customer ${input.customerId} not found`);
  const currency = assertCurrency(input.currency ?? customer.currency ?? config().baseCurrency) as CurrencyCode;
  if (input.lines.length === 0) throw new ValidationError('invoice_empty', 'An invoice needs at least one line');
  const prepared = prepareInvoice(
    { customer: customerTaxOf(customer), currency, kind: input.kind, lines: input.lines, coupon: input.coupon ?? null },
    input.taxEnv ?? (await loadTaxEnv(ctx.now, t)),
  );
  const invoice = await Invoice.create(
    {
      customerId: customer.id,
      subscriptionId: input.subscriptionId ?? null,
      orderId: input.orderId ?? null,
      kind: input.kind,
      status: 'draft',
      currency,
      periodStart: input.periodStart ?? null,
      periodEnd: input.periodEnd ?? null,
      dueAt: input.dueAt ?? null,
      notes: input.notes ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    },
    { transaction: t },
  );
  await writePrepared(invoice, prepared, t);
  if (input.issue === false) return { invoice, duplicate: false, prepared, creditAppliedMinor: 0 };
  await issueInTx(invoice, ctx, t, { prepared, dueAt: input.dueAt });
  // NOTE: account credit pays new invoices first, before any gateway is charged.
  const credit = input.applyCredit === false ? null : await applyCreditInTx(invoice, ctx, t);
  return { invoice, duplicate: false, prepared, creditAppliedMinor: credit?.appliedMinor ?? 0 };
}

/**
 * Prices, persists, issues and settles an invoice with account credit in one transaction; idempotent
 * by `idempotencyKey`, also under concurrent callers (the UNIQUE index decides, the loser re-reads).
 */
export async function createInvoice(input: CreateInvoiceInput, ctx: Ctx): Promise<CreateInvoiceResult> {
  try {
    return await inTransaction(ctx, (t) => create(input, ctx, t));
  } catch (err) {
    if (!isUniqueViolation(err) || ctx.transaction || !input.idempotencyKey) throw err;
    const winner = await existing(input.idempotencyKey);
    if (!winner) throw err;
    return { invoice: winner, duplicate: true, prepared: null, creditAppliedMinor: 0 };
  }
}
