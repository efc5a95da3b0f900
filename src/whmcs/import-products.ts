import type { Ctx } from '../lib/context.js';
import type { CurrencyCode, DriverName, PlanType } from '../models/enums.js';
import { Plan, PlanPrice } from '../models/index.js';
import type { BillingCycle } from '../billing/periods.js';
import { importEach } from './import-map.js';
import type { ImportReport } from './report.js';
import type { WhmcsRow, WhmcsSource } from './source.js';
import { amountMinor, int, slugOf, text } from './values.js';

/** WHMCS server modules we have drivers for. */
const DRIVERS: Record<string, { driver: DriverName; type: PlanType }> = {
  virtfusion: { driver: 'virtfusion', type: 'vps' },
  virtfusiondirect: { driver: 'virtfusion', type: 'vps' },
  pterodactyl: { driver: 'pterodactyl', type: 'game' },
  synergycp: { driver: 'synergycp', type: 'dedicated' },
  enhance: { driver: 'enhance', type: 'web' },
};

/** Our plan type and driver for a WHMCS product: its module when we have a driver, else its product type, set up by hand. */
export function planKindOf(product: WhmcsRow): { driver: DriverName; type: PlanType } {
  const known = DRIVERS[String(product.servertype ?? '').trim().toLowerCase()];
  if (known) return known;
  const type = String(product.type ?? '');
  return { driver: 'manual', type: type === 'hostingaccount' || type === 'reselleraccount' ? 'web' : type === 'server' ? 'dedicated' : 'vps' };
}

/** Price columns of tblpricing per cycle (WHMCS stores -1.00 for a cycle it does not offer). */
const PRICE_COLUMNS: Array<{ cycle: BillingCycle; price: string; setup: string }> = [
  { cycle: 'monthly', price: 'monthly', setup: 'msetupfee' },
  { cycle: 'quarterly', price: 'quarterly', setup: 'qsetupfee' },
  { cycle: 'semiannual', price: 'semiannually', setup: 'ssetupfee' },
  { cycle: 'annual', price: 'annually', setup: 'asetupfee' },
];

/** A price of a WHMCS product or add-on in one cycle and currency we bill in. */
export interface WhmcsPrice {
  cycle: BillingCycle;
  currency: CurrencyCode;
  amountMinor: number;
  setupFeeMinor: number;
}

/** The prices of a product or add-on (tblpricing rows of `type` for `relid`) in the cycles and currencies we bill in. */
export async function pricingOf(source: WhmcsSource, type: 'product' | 'addon', relid: number, currencies: Map<number, CurrencyCode>): Promise<WhmcsPrice[]> {
  const prices: WhmcsPrice[] = [];
  for (const row of (await source.where('tblpricing', 'relid', relid)).filter((p) => p.type === type)) {
    const currency = currencies.get(int(row, 'currency'));
    if (!currency) continue;
    for (const column of PRICE_COLUMNS) {
      const amount = amountMinor(row, column.price, currency);
      if (amount < 0) continue;
      prices.push({ cycle: column.cycle, currency, amountMinor: amount, setupFeeMinor: Math.max(0, amountMinor(row, column.setup, currency)) });
    }
  }
  return prices;
}

/**
 * Imports each recurring WHMCS product as a hidden plan (staff review it before it shows on the site; subscribers
 * keep it) with its prices per cycle and currency. Retired products are archived; stock control carries over.
 */
export async function importProducts(source: WhmcsSource, currencies: Map<number, CurrencyCode>, report: ImportReport, ctx: Ctx): Promise<void> {
  await importEach(source, 'tblproducts', 'product', report, ctx, async (product, whmcsId) => {
    if (String(product.paytype ?? 'recurring') !== 'recurring') return `it is billed "${String(product.paytype)}", not by cycle`;
    const prices = await pricingOf(source, 'product', whmcsId, currencies);
    if (prices.length === 0) return 'it has no monthly, quarterly, semi-annual or annual price in a currency we bill in';
    const name = text(product, 'name', 100) ?? `WHMCS product ${whmcsId}`;
    return async (transaction) => {
      const plan = await Plan.create(
        {
          slug: `whmcs-${whmcsId}-${slugOf(name, 'plan')}`,
          name,
          ...planKindOf(product),
          description: text(product, 'description', 5000),
          visibility: 'hidden',
          archivedAt: int(product, 'retired') === 1 ? ctx.now : null,
          stock: int(product, 'stockcontrol') === 1 ? Math.max(0, int(product, 'qty')) : null,
          taxable: int(product, 'tax') === 1,
        },
        { transaction },
      );
      await PlanPrice.bulkCreate(prices.map((p) => ({ ...p, planId: plan.id })), { transaction });
      return plan.id;
    };
  });
}
