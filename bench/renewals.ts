// Renewal benchmark: N subscriptions due at once (mixed options, add-ons, coupons, VAT, reverse
// charge, account credit) renewed by the billing:renew batch path on the configured DATABASE_URL,
// against a baseline measured in the same run: the very rows the run wrote (invoices, lines, tax
// rows, ledger rows, outbox events), deleted and written again with plain multi-row INSERTs of 1,000
// rows, one transaction per 1,000 subscriptions. Every row the benchmark adds is removed at the end.
import { pathToFileURL } from 'node:url';
import { QueryTypes } from 'sequelize';
import { issueDueRenewals } from '../src/billing/renewals/issue-due-renewals.js';
import { insertRows, type SqlValue } from '../src/billing/renewals/insert-rows.js';
import { clearTaxRateCache } from '../src/billing/tax/load-tax-env.js';
import { migrateUp } from '../src/db/migrator.js';
import { closeDatabase, sequelize } from '../src/db/sequelize.js';
import { clock } from '../src/lib/clock.js';
import { systemCtx } from '../src/lib/context.js';
import { logger } from '../src/lib/logger.js';
import {
  Addon, AddonPrice, ConfigOption, ConfigOptionPrice, Coupon, Plan, PlanAddon, PlanConfigOption, PlanPrice, TaxRate, initModels,
} from '../src/models/index.js';
import { type BenchResult, deleteAbove, highWaterMarks, perSecond, printResult, rowsAbove, saveSequence, timed } from './support.js';

const NOW = new Date('2031-05-20T12:00:00.000Z');
const DAY = 86_400_000;
const WRITTEN = ['outbox_messages', 'ledger_entries', 'invoice_taxes', 'invoice_lines', 'invoices'];
const SEEDED = ['subscription_addons', 'subscription_options', 'subscriptions', 'customers', 'users', 'plan_addons', 'plan_config_options', 'addon_prices', 'addons', 'config_option_prices', 'config_options', 'plan_prices', 'plans', 'coupons', 'tax_rates'];

/** What the benchmark reports. */
export interface RenewalBenchResult extends BenchResult {
  name: string;
  dialect: string;
  subscriptions: number;
  batchSize: number;
  elapsedMs: number;
  subscriptionsPerSecond: number;
  rowsWritten: number;
  rawInsertMs: number;
  rawInsertRowsPerSecond: number;
  rawSubscriptionsPerSecond: number;
  /** subscriptionsPerSecond / rawSubscriptionsPerSecond (target >= 0.25). */
  ratio: number;
  invoices: number;
  failed: number;
  loadAverage: number;
  ok: boolean;
}

interface Catalog {
  planIds: [number, number];
  optionId: number;
  addonId: number;
  couponId: number;
}

async function seedCatalog(tag: string): Promise<Catalog> {
  const small = await Plan.create({ slug: `bench-small-${tag}`, name: 'Bench VPS S', type: 'vps', driver: 'virtfusion' });
  const large = await Plan.create({ slug: `bench-large-${tag}`, name: 'Bench VPS L', type: 'vps', driver: 'virtfusion' });
  const ram = await ConfigOption.create({ code: `bench_ram_${tag}`, name: 'Extra RAM', kind: 'quantity', min: 1, max: 64 });
  const backups = await Addon.create({ code: `bench_backups_${tag}`, name: 'Backups', kind: 'backups' });
  for (const currency of ['USD', 'EUR'] as const) {
    await PlanPrice.create({ planId: small.id, cycle: 'monthly', currency, amountMinor: 1099 });
    await PlanPrice.create({ planId: large.id, cycle: 'monthly', currency, amountMinor: 2499 });
    await ConfigOptionPrice.create({ optionId: ram.id, cycle: 'monthly', currency, unitAmountMinor: 250 });
    await AddonPrice.create({ addonId: backups.id, cycle: 'monthly', currency, amountMinor: 300 });
  }
  for (const plan of [small, large]) {
    await PlanConfigOption.create({ planId: plan.id, optionId: ram.id, includedQuantity: 2 });
    await PlanAddon.create({ planId: plan.id, addonId: backups.id });
  }
  const coupon = await Coupon.create({ code: `BENCH-${tag}`.toUpperCase(), kind: 'percent', percentBp: 1500, duration: 'forever' });
  await TaxRate.create({ country: 'DE', name: 'VAT', rateBp: 1900 });
  clearTaxRateCache();
  return { planIds: [small.id, large.id], optionId: ram.id, addonId: backups.id, couponId: coupon.id };
}

/** Seeds `n` subscriptions of n/4 customers, every one's period ending now (due whatever the lead time setting). */
async function seedSubscriptions(n: number, catalog: Catalog, marks: Map<string, number>, tag: string): Promise<void> {
  const customers = Math.max(1, Math.ceil(n / 4));
  const firstUser = (marks.get('users') ?? 0) + 1;
  const firstCustomer = (marks.get('customers') ?? 0) + 1;
  const firstSub = (marks.get('subscriptions') ?? 0) + 1;
  const start = new Date(NOW.getTime() - 30 * DAY);
  const end = NOW;
  const users: SqlValue[][] = [];
  const rows: SqlValue[][] = [];
  for (let i = 0; i < customers; i += 1) {
    const eu = i % 10 < 4;
    const business = i % 10 === 4;
    users.push([firstUser + i, `bench-${tag}-${i}@example.test`, 'customer', 'Bench', `Customer ${i}`, NOW, NOW]);
    rows.push([
      firstCustomer + i, firstUser + i, business ? `Bench GmbH ${i}` : null, '1 Bench Street', eu || business ? 'Berlin' : 'Austin', eu || business ? null : 'TX',
      eu || business ? '10115' : '78701', eu || business ? 'DE' : 'US', business ? 'DE123456789' : null, business, eu || business ? 'EUR' : 'USD', i % 20 === 7 ? 700 : 0, NOW, NOW,
    ]);
  }
  await insertRows({ table: 'users', columns: ['id', 'email', 'role', 'first_name', 'last_name', 'created_at', 'updated_at'], rows: users }, null);
  await insertRows({
    table: 'customers',
    columns: ['id', 'user_id', 'company', 'billing_line1', 'billing_city', 'billing_region', 'billing_postal_code', 'billing_country', 'tax_id', 'is_business', 'currency', 'credit_balance_minor', 'created_at', 'updated_at'],
    rows,
  }, null);
  const subs: SqlValue[][] = [];
  const options: SqlValue[][] = [];
  const addons: SqlValue[][] = [];
  for (let i = 0; i < n; i += 1) {
    const c = i % customers;
    const currency = rows[c][10];
    const large = i % 3 === 0;
    subs.push([firstSub + i, firstCustomer + c, catalog.planIds[large ? 1 : 0], 'active', 'monthly', currency, large ? 2499 : 1099, start.getUTCDate(), start, start, end, i % 10 === 3 ? catalog.couponId : null, NOW, NOW]);
    if (i % 10 < 3) options.push([firstSub + i, catalog.optionId, 4, 250, NOW, NOW]);
    if (i % 5 === 1) addons.push([firstSub + i, catalog.addonId, 1, 300, 'active', start, NOW, NOW]);
  }
  await insertRows({
    table: 'subscriptions',
    columns: ['id', 'customer_id', 'plan_id', 'status', 'cycle', 'currency', 'price_minor', 'anchor_day', 'started_at', 'current_period_start', 'current_period_end', 'coupon_id', 'created_at', 'updated_at'],
    rows: subs,
  }, null);
  await insertRows({ table: 'subscription_options', columns: ['subscription_id', 'option_id', 'quantity', 'unit_price_minor', 'created_at', 'updated_at'], rows: options }, null);
  await insertRows({ table: 'subscription_addons', columns: ['subscription_id', 'addon_id', 'quantity', 'price_minor', 'status', 'started_at', 'created_at', 'updated_at'], rows: addons }, null);
}

type RowGroup = Array<{ table: string; columns: string[]; rows: SqlValue[][] }>;

/** The rows the run wrote, grouped by `batch` invoices (children with their invoices), ready to be inserted again. */
async function captureWrites(marks: Map<string, number>, batch: number): Promise<{ groups: RowGroup[]; total: number }> {
  const sets: Array<{ table: string; columns: string[]; rows: unknown[][] }> = [];
  for (const table of [...WRITTEN].reverse()) sets.push({ table, ...(await rowsAbove(table, marks.get(table) ?? 0)) });
  const position = new Map(sets[0].rows.map((r, i) => [Number(r[sets[0].columns.indexOf('id')]), i]));
  const count = Math.max(1, Math.ceil(position.size / batch));
  const groupOf = (invoiceId: number): number => Math.min(count - 1, Math.floor((position.get(invoiceId) ?? 0) / batch));
  const groups: RowGroup[] = Array.from({ length: count }, () => sets.map((x) => ({ table: x.table, columns: x.columns, rows: [] as SqlValue[][] })));
  let total = 0;
  sets.forEach((set, k) => {
    const key = set.table === 'invoices' ? set.columns.indexOf('id') : set.columns.indexOf('invoice_id');
    set.rows.forEach((row, i) => {
      const g = key >= 0 ? groupOf(Number(row[key])) : Math.min(count - 1, Math.floor((i * count) / set.rows.length));
      groups[g][k].rows.push(row as SqlValue[]);
      total += 1;
    });
  });
  return { groups, total };
}

/** Inserts the captured rows again with multi-row INSERTs, one transaction per group of 1,000 invoices. */
async function rawInsert(groups: readonly RowGroup[]): Promise<void> {
  for (const group of groups) {
    await sequelize().transaction(async (t) => {
      for (const set of group) if (set.rows.length) await insertRows(set, t);
    });
  }
}

/** Runs the renewal benchmark on the configured database and prints its figures. */
export async function benchRenewals(opts: { subscriptions?: number; batchSize?: number; print?: boolean } = {}): Promise<RenewalBenchResult> {
  const n = Math.max(1, Math.floor(opts.subscriptions ?? 100_000));
  const batchSize = opts.batchSize ?? 1000;
  initModels();
  await migrateUp();
  clock.set(NOW);
  const tag = `${process.pid}${Date.now() % 100000}`;
  const marks = await highWaterMarks([...WRITTEN, ...SEEDED]);
  const restoreSequence = await saveSequence(`invoice:${NOW.getUTCFullYear()}`);
  try {
    await seedSubscriptions(n, await seedCatalog(tag), marks, tag);
    const log = logger().child({ bench: 'renewals' });
    const run = await timed(() => issueDueRenewals(systemCtx({ now: NOW }), log, { batchSize }));
    const [{ c }] = await sequelize().query<{ c: number | string }>("SELECT COUNT(*) AS c FROM invoices WHERE id > :m AND kind = 'renewal'", { replacements: { m: marks.get('invoices') ?? 0 }, type: QueryTypes.SELECT });
    const captured = await captureWrites(marks, batchSize);
    await deleteAbove(marks, WRITTEN);
    const raw = await timed(() => rawInsert(captured.groups));
    const subscriptionsPerSecond = perSecond(n, run.ms);
    const rawSubscriptionsPerSecond = perSecond(n, raw.ms);
    const ratio = Math.round((raw.ms / run.ms) * 1000) / 1000;
    const result: RenewalBenchResult = {
      name: 'renewals',
      dialect: sequelize().getDialect(),
      subscriptions: n,
      batchSize,
      elapsedMs: Math.round(run.ms),
      subscriptionsPerSecond,
      rowsWritten: captured.total,
      rawInsertMs: Math.round(raw.ms),
      rawInsertRowsPerSecond: perSecond(captured.total, raw.ms),
      rawSubscriptionsPerSecond,
      ratio,
      invoices: Number(c),
      failed: run.result.failed,
      loadAverage: Math.round((await import('node:os')).loadavg()[0] * 100) / 100,
      ok: Number(c) === n && run.result.failed === 0 && subscriptionsPerSecond >= 1500 && ratio >= 0.25,
    };
    if (opts.print !== false) printResult(result);
    return result;
  } finally {
    await deleteAbove(marks, [...WRITTEN, ...SEEDED]);
    await restoreSequence();
    clearTaxRateCache();
    clock.reset();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = Number(process.argv[process.argv.indexOf('--subscriptions') + 1]) || undefined;
  benchRenewals({ subscriptions: size })
    .then((r) => (process.exitCode = r.ok ? 0 : 1))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(() => closeDatabase());
}
