import { Addon, AddonPrice, ConfigOption, ConfigOptionPrice, Plan, PlanAddon, PlanConfigOption, PlanPrice, TaxRate, TicketDepartment } from '../src/models/index.js';
import { money, multiply, percentOf, subtract } from '../src/billing/money.js';
import { CYCLE_MONTHS } from '../src/billing/periods.js';
import { BILLING_CYCLES, OFFERED_CURRENCIES, type BillingCycle, type OfferedCurrency } from '../src/models/enums.js';
import { CYCLE_DISCOUNT_BP, catalogAddons, catalogOptions, catalogPlans, departments, euVatRates, ukVat } from './data/catalog.js';

/** The price of `cycle` from a monthly price, with the longer-cycle discount. */
export function cyclePrice(monthlyMinor: number, currency: OfferedCurrency, cycle: BillingCycle): number {
  const full = multiply(money(monthlyMinor, currency), CYCLE_MONTHS[cycle]);
  return subtract(full, percentOf(full, CYCLE_DISCOUNT_BP[cycle])).minor;
}

/** Options and add-ons with their prices in every cycle and currency; existing rows are left as staff edited them. */
async function seedOptionsAndAddons(): Promise<void> {
  for (const [i, o] of catalogOptions.entries()) {
    const [option, created] = await ConfigOption.findOrCreate({
      where: { code: o.code },
      defaults: { code: o.code, name: o.name, unit: o.unit, kind: 'quantity', min: o.min, max: o.max, step: o.step, panelKey: o.panelKey, sortOrder: i },
    });
    if (!created) continue;
    await ConfigOptionPrice.bulkCreate(
      BILLING_CYCLES.flatMap((cycle) => OFFERED_CURRENCIES.map((currency) => ({ optionId: option.id, cycle, currency, unitAmountMinor: cyclePrice(o.monthly[currency], currency, cycle) }))),
    );
  }
  for (const [i, a] of catalogAddons.entries()) {
    const [addon, created] = await Addon.findOrCreate({ where: { code: a.code }, defaults: { code: a.code, name: a.name, kind: a.kind, description: a.description, sortOrder: i } });
    if (!created) continue;
    await AddonPrice.bulkCreate(
      BILLING_CYCLES.flatMap((cycle) => OFFERED_CURRENCIES.map((currency) => ({ addonId: addon.id, cycle, currency, amountMinor: cyclePrice(a.monthly[currency], currency, cycle) }))),
    );
  }
}

/** Plans with prices in every cycle and currency, linked to their options and add-ons. */
export async function seedCatalog(): Promise<void> {
  await seedOptionsAndAddons();
  for (const [i, p] of catalogPlans.entries()) {
    const [plan, created] = await Plan.findOrCreate({
      where: { slug: p.slug },
      defaults: {
        slug: p.slug, name: p.name, type: p.type, driver: p.driver, description: p.description, features: p.features,
        stock: p.stock ?? null, requiresReview: p.requiresReview ?? false, badge: p.badge ?? null, sortOrder: i,
        bandwidthQuotaGb: p.bandwidthQuotaGb ?? null, specs: p.specs ?? null, panelConfig: p.panelConfig,
      },
    });
    if (!created) continue;
    await PlanPrice.bulkCreate(
      BILLING_CYCLES.flatMap((cycle) =>
        OFFERED_CURRENCIES.map((currency) => ({ planId: plan.id, cycle, currency, amountMinor: cyclePrice(p.monthly[currency], currency, cycle), setupFeeMinor: p.setupFee?.[currency] ?? 0 })),
      ),
    );
    const options = await ConfigOption.findAll({ where: { code: p.options ?? [] } });
    await PlanConfigOption.bulkCreate(options.map((o, n) => ({ planId: plan.id, optionId: o.id, sortOrder: n })));
    const addons = await Addon.findAll({ where: { code: p.addons ?? [] } });
    await PlanAddon.bulkCreate(addons.map((a, n) => ({ planId: plan.id, addonId: a.id, sortOrder: n })));
  }
}

/** EU standard VAT and UK VAT (exclusive pricing); staff add US sales tax and regions in the back office. */
export async function seedTaxRates(): Promise<void> {
  for (const r of [...euVatRates, ukVat]) {
    await TaxRate.findOrCreate({ where: { country: r.country, region: null }, defaults: { country: r.country, region: null, name: r.name, rateBp: r.rateBp } });
  }
}

/** Support departments. */
export async function seedDepartments(): Promise<void> {
  for (const d of departments) await TicketDepartment.findOrCreate({ where: { slug: d.slug }, defaults: d });
}
