import { type Ctx, systemCtx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { Customer } from '../../models/customer.js';
import type { InvoiceCustomerTax, PreparedInvoice } from '../invoices/invoice-types.js';
import { prepareInvoice } from '../invoices/prepare-invoice.js';
import { findOrderCoupon } from '../orders/order-coupon.js';
import { loadTaxEnv } from '../tax/load-tax-env.js';
import { customerTaxOf } from '../tax/resolve-tax-for-customer.js';
import { configurationLines, recurringTotal } from './configuration.js';
import { type ConfigurationRequest, resolveConfiguration } from './resolve-configuration.js';

/** Input of `quoteOrder`: the configuration, a coupon code, and who buys (a customer, or just a country). */
export interface QuoteOrderInput extends ConfigurationRequest {
  readonly couponCode?: string | null;
  readonly customerId?: number | null;
  readonly country?: string | null;
  readonly region?: string | null;
}

/** What the customer will pay before paying: the first invoice's exact lines and totals, and availability. */
export interface OrderQuote extends PreparedInvoice {
  /** What each following period costs before discount and tax. */
  readonly recurringMinor: number;
  readonly stock: 'in_stock' | 'waitlist' | 'sold_out';
  readonly requiresReview: boolean;
  readonly couponCode: string | null;
}

/** Prices an order of one plan exactly as `placeOrder` will invoice it: plan, setup fee, options, add-ons, discount, tax. */
export async function quoteOrder(input: QuoteOrderInput, ctx: Ctx = systemCtx()): Promise<OrderQuote> {
  const { plan, config } = await resolveConfiguration(input, ctx);
  let buyer: InvoiceCustomerTax = { country: input.country?.toUpperCase() ?? null, region: input.region ?? null, taxExempt: false, isBusiness: false, taxId: null };
  if (input.customerId != null) {
    const customer = await Customer.findByPk(input.customerId, { transaction: ctx.transaction });
    if (!customer) throw new NotFoundError('customer_not_found', `Customer ${input.customerId} not found`);
    buyer = customerTaxOf(customer);
  }
  const coupon = input.couponCode
    ? await findOrderCoupon(input.couponCode, { customerId: input.customerId ?? null, items: [{ planId: plan.id, planType: plan.type, cycle: input.cycle }], currency: input.currency, at: ctx.now }, ctx.transaction)
    : null;
  const prepared = prepareInvoice(
    { customer: buyer, currency: input.currency, kind: 'order', lines: configurationLines(config, { setupFees: true }), coupon: coupon?.spec ?? null },
    await loadTaxEnv(ctx.now),
  );
  const stock = plan.inStock ? 'in_stock' : plan.waitlistEnabled ? 'waitlist' : 'sold_out';
  return { ...prepared, recurringMinor: recurringTotal(config).minor, stock, requiresReview: plan.requiresReview, couponCode: coupon?.coupon.code ?? null };
}
