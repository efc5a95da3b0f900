import { clearTaxRateCache } from '../../../src/billing/tax/load-tax-env.js';
import { clock } from '../../../src/lib/clock.js';
import { CouponRedemption, Invoice, InvoiceLine, LedgerEntry, ProvisioningTask, Service } from '../../../src/models/index.js';
import type { BillingCycle, CurrencyCode } from '../../../src/models/enums.js';
import { clearSettingsCache, setSetting } from '../../../src/settings/index.js';
import { createPlan, createPlanPrice } from '../../factories/catalog.js';
import { sys } from '../../integration/billing/orders/support.js';
import type { Line } from './oracle.js';

export const MONTHS: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };
/** Per month, in both currencies: VPS Small 12.99 (setup 5.00), VPS Big 24.99; a cycle costs months x that. */
export const SMALL = 1299;
export const BIG = 2499;
export const SETUP = 500;

/** One way of billing a customer: the currency, where they live and their tax, and whether prices include it. */
export interface Billing {
  readonly currency: CurrencyCode;
  readonly rateBp: number;
  readonly inclusive: boolean;
}

/** The two plans, priced for every cycle in USD and EUR. */
export async function scenarioPlans(): Promise<{ small: number; big: number }> {
  const small = await createPlan({ name: 'VPS Small' }, 'noPrices');
  const big = await createPlan({ name: 'VPS Big' }, 'noPrices');
  for (const cycle of Object.keys(MONTHS) as BillingCycle[]) {
    for (const currency of ['USD', 'EUR'] as const) {
      await createPlanPrice({ plan: small, cycle, currency, amountMinor: SMALL * MONTHS[cycle], setupFeeMinor: SETUP });
      await createPlanPrice({ plan: big, cycle, currency, amountMinor: BIG * MONTHS[cycle] });
    }
  }
  return { small: small.id, big: big.id };
}

/** Switches the tax mode setting (prices exclude or include tax). */
export async function useTaxMode(inclusive: boolean): Promise<void> {
  await setSetting('billing.tax_mode', inclusive ? 'inclusive' : 'exclusive', sys());
  clearSettingsCache();
  clearTaxRateCache();
}

/** Moves the clock. */
export const at = (date: Date | string): void => clock.set(date);

/** An invoice's lines as the oracle writes them. */
export async function lines(invoice: Invoice): Promise<Line[]> {
  const rows = await InvoiceLine.findAll({ where: { invoiceId: invoice.id }, order: [['position', 'ASC']] });
  return rows.map((l) => [l.kind, l.description, l.quantity, Number(l.unitAmountMinor), Number(l.amountMinor), Number(l.taxMinor)]);
}

/** The subscription's invoices in the order they were issued. */
export const invoicesOf = (customerId: number): Promise<Invoice[]> => Invoice.findAll({ where: { customerId }, order: [['id', 'ASC']] });

/** The customer's ledger rows as [kind, invoice id, amount]. */
export async function ledger(customerId: number): Promise<Array<[string, number | null, number]>> {
  return (await LedgerEntry.findAll({ where: { customerId }, order: [['id', 'ASC']] })).map((e) => [e.kind, e.invoiceId, Number(e.amountMinor)]);
}

/** The provisioning actions queued for the subscription's services, oldest first. */
export async function panelActions(subscriptionId: number): Promise<string[]> {
  const services = await Service.findAll({ where: { subscriptionId } });
  const tasks = await ProvisioningTask.findAll({ where: { serviceId: services.map((s) => s.id) }, order: [['id', 'ASC']] });
  return tasks.map((t) => t.action);
}

/** A coupon's redemption rows as [invoice id, renewal, discount], oldest first. */
export async function redemptions(couponId: number): Promise<Array<[number | null, boolean, number]>> {
  return (await CouponRedemption.findAll({ where: { couponId }, order: [['id', 'ASC']] })).map((r) => [r.invoiceId, r.renewal, Number(r.amountMinor)]);
}
