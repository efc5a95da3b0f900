import { performance } from 'node:perf_hooks';
import type { Transaction } from 'sequelize';
import { TaxRate } from '../../models/tax-rate.js';
import { getSetting } from '../../settings/index.js';
import type { BillingTaxRate, TaxEnv } from '../invoices/invoice-types.js';

/** Active rates stay cached this long per process (rates change a few times a year). */
const CACHE_MS = 30_000;
interface CachedRate extends BillingTaxRate {
  readonly validFrom: Date | null;
  readonly validUntil: Date | null;
}
let cache: { rows: CachedRate[]; at: number } | null = null;

/** Forgets cached tax rates (after staff edit a rate, and in tests). */
export function clearTaxRateCache(): void {
  cache = null;
}

async function activeRows(t?: Transaction): Promise<CachedRate[]> {
  // NOTE: the cache runs on the monotonic timer: it is not business time, a frozen test clock must not pin it.
  if (cache && performance.now() - cache.at < CACHE_MS) return cache.rows;
  const rows = await TaxRate.findAll({ where: { active: true }, order: [['id', 'ASC']], transaction: t });
  const mapped = rows.map((r) => ({
    id: r.id,
    name: r.name,
    country: r.country.toUpperCase(),
    region: r.region,
    rateBp: r.rateBp,
    inclusive: r.inclusive,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
  }));
  cache = { rows: mapped, at: performance.now() };
  return mapped;
}

/** Active tax rates in force at `at` (valid_from <= at < valid_until); `t` when called inside a transaction. */
export async function loadTaxRates(at: Date, t?: Transaction): Promise<BillingTaxRate[]> {
  const ms = at.getTime();
  return (await activeRows(t)).filter((r) => (!r.validFrom || r.validFrom.getTime() <= ms) && (!r.validUntil || r.validUntil.getTime() > ms));
}

/** What every invoice issued at `at` shares: tax mode setting, rates in force and the seller's country. */
export async function loadTaxEnv(at: Date, t?: Transaction): Promise<TaxEnv> {
  const taxMode = await getSetting('billing.tax_mode', { transaction: t });
  const seller = await getSetting('billing.seller', { transaction: t });
  return { taxMode, rates: await loadTaxRates(at, t), sellerCountry: seller.country };
}
