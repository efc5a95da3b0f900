import type { Transaction } from 'sequelize';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { Customer } from '../../models/customer.js';
import type { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { InvoiceTax } from '../../models/invoice-tax.js';
import { Plan } from '../../models/plan.js';
import { loadInvoiceCoupon } from '../coupons/to-invoice-coupon.js';
import { loadTaxEnv } from '../tax/load-tax-env.js';
import { customerTaxOf } from '../tax/resolve-tax-for-customer.js';
import type { InvoiceLineSpec, PreparedInvoice, PreparedLine, TaxEnv } from './invoice-types.js';
import { prepareInvoice } from './prepare-invoice.js';

/** Inserts prepared lines and tax rows for a draft and writes its totals. */
export async function writePrepared(invoice: Invoice, prepared: PreparedInvoice, t: Transaction, fromLine = 0): Promise<void> {
  if (prepared.totalMinor < 0) {
    // NOTE: money owed to the customer is a credit note or account credit, never a negative invoice.
    throw new ValidationError('invoice_negative_total', 'An invoice cannot total less than zero; grant credit or issue a credit note instead');
  }
  const lines = prepared.lines.slice(fromLine).map((l) => ({ ...l, invoiceId: invoice.id }));
  if (lines.length > 0) await InvoiceLine.bulkCreate(lines, { transaction: t });
  if (prepared.taxes.length > 0) await InvoiceTax.bulkCreate(prepared.taxes.map((x) => ({ ...x, invoiceId: invoice.id })), { transaction: t });
  await invoice.update(
    {
      subtotalMinor: prepared.subtotalMinor,
      discountMinor: prepared.discountMinor,
      taxMinor: prepared.taxMinor,
      totalMinor: prepared.totalMinor,
      amountDueMinor: prepared.totalMinor,
      taxInclusive: prepared.taxInclusive,
      reverseCharge: prepared.reverseCharge,
    },
    { transaction: t },
  );
}

const SAME_KEYS = ['position', 'amountMinor', 'discountMinor', 'taxRateBp', 'taxMinor', 'taxRateId'] as const;

/**
 * Re-prices a draft from its stored item lines with today's customer tax identity, rates and the
 * coupon of its discount lines: item lines are updated in place (their ids stay), discount lines
 * and tax rows are replaced, totals rewritten.
 */
export async function recalculateDraft(invoice: Invoice, now: Date, t: Transaction, env?: TaxEnv): Promise<PreparedInvoice> {
  const customer = await Customer.findByPk(invoice.customerId, { transaction: t });
  if (!customer) throw new NotFoundError('customer_not_found', `Customer ${invoice.customerId} not found`);
  const rows = await InvoiceLine.findAll({ where: { invoiceId: invoice.id }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  const items = rows.filter((r) => r.kind !== 'discount');
  const discounts = rows.filter((r) => r.kind === 'discount');
  const planIds = [...new Set(items.map((r) => r.planId).filter((id): id is number => id != null))];
  const plans = planIds.length ? await Plan.findAll({ where: { id: planIds }, attributes: ['id', 'type', 'taxable'], transaction: t }) : [];
  const couponId = discounts.find((d) => d.couponId != null)?.couponId;
  const coupon = couponId != null ? await loadInvoiceCoupon(couponId, t) : null;
  const lines: InvoiceLineSpec[] = items.map((r) => {
    const plan = plans.find((p) => p.id === r.planId);
    return {
      kind: r.kind as InvoiceLineSpec['kind'],
      description: r.description,
      quantity: r.quantity,
      unitAmountMinor: Number(r.unitAmountMinor),
      planId: r.planId,
      planType: plan?.type ?? null,
      subscriptionId: r.subscriptionId,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      // NOTE: a line is taxed unless staff marked it untaxed or its plan is not taxable.
      taxable: r.taxable !== false && (plan ? plan.taxable : true),
    };
  });
  const prepared = prepareInvoice(
    { customer: customerTaxOf(customer), currency: invoice.currency, kind: invoice.kind, lines, coupon },
    env ?? (await loadTaxEnv(now, t)),
  );
  for (let i = 0; i < items.length; i += 1) {
    const next: PreparedLine = prepared.lines[i];
    const changed = SAME_KEYS.some((k) => (items[i][k] == null ? null : Number(items[i][k])) !== next[k]);
    if (changed) await items[i].update(Object.fromEntries(SAME_KEYS.map((k) => [k, next[k]])), { transaction: t });
  }
  for (const d of discounts) await d.destroy({ transaction: t });
  await InvoiceTax.destroy({ where: { invoiceId: invoice.id }, transaction: t });
  await writePrepared(invoice, prepared, t, items.length);
  return prepared;
}
