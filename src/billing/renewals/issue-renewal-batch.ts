import { Transaction } from 'sequelize';
import { isSqlite, sequelize } from '../../db/sequelize.js';
import { claimDueRenewals, loadRenewalItems } from './claim-due-renewals.js';
import { invoiceIdsByKey, persistRenewals, type PreparedRenewal } from './persist-renewals.js';
import { loadRenewalCustomers } from './renewal-parties.js';
import { prepareRenewal, type RenewalRun } from './renewal-run.js';
import { type AddonRow, type OptionRow, type RenewalRow, renewalKey, renewalSubject } from './renewal-subject.js';

/** What one batch did; `single` are the subscriptions left to the one-by-one path. */
export interface BatchOutcome {
  readonly claimed: number;
  /** The highest id claimed: the next batch starts after it. */
  readonly lastId: number;
  readonly issued: number;
  readonly duplicates: number;
  /** Subscriptions that could not be priced (logged; retried by the next run). */
  readonly failed: number[];
  /** Subscriptions for `renewSubscription`: scheduled changes, unusual credit, or all of a failed batch. */
  readonly single: number[];
}

function groupBy<T extends { subscriptionId: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const list = map.get(r.subscriptionId);
    if (list) list.push(r);
    else map.set(r.subscriptionId, [r]);
  }
  return map;
}

async function runBatch(run: RenewalRun, after: number, t: Transaction, claimed: RenewalRow[]): Promise<BatchOutcome> {
  const rows = await claimDueRenewals({ after, limit: run.batchSize, horizon: run.horizon }, t);
  claimed.push(...rows);
  const lastId = rows.length ? rows[rows.length - 1].id : after;
  // NOTE: re-checked under the row locks: a worker that committed this period's invoice after our claim started is seen here.
  const done = await invoiceIdsByKey(rows.map((r) => renewalKey(r.id, r.currentPeriodEnd)), t);
  const todo = rows.filter((r) => !done.has(renewalKey(r.id, r.currentPeriodEnd)));
  const scheduled = (r: RenewalRow): boolean => r.scheduledPlanId != null || r.scheduledCycle != null;
  const single = todo.filter(scheduled).map((r) => r.id);
  const batch = todo.filter((r) => !scheduled(r));
  const items = await loadRenewalItems(batch.map((r) => r.id), t);
  const customers = await loadRenewalCustomers(batch.map((r) => r.customerId), t);
  await run.catalog.ensure(
    { plans: batch.map((r) => r.planId), options: items.options.map((o) => o.optionId), addons: items.addons.map((a) => a.addonId), coupons: batch.flatMap((r) => (r.couponId != null ? [r.couponId] : [])) },
    t,
  );
  const options = groupBy<OptionRow>(items.options);
  const addons = groupBy<AddonRow>(items.addons);
  const prepared: PreparedRenewal[] = [];
  const failed: number[] = [];
  for (const row of batch) {
    try {
      const customer = customers.get(row.customerId);
      if (!customer) throw new Error(`Customer ${row.customerId} not found`);
      // NOTE: credit without a billing currency is resolved from the ledger by createInvoice; rare enough to go one by one.
      if (customer.creditBalanceMinor > 0 && !customer.currency) {
        single.push(row.id);
        continue;
      }
      const subject = renewalSubject(row, options.get(row.id) ?? [], addons.get(row.id) ?? [], run.catalog);
      prepared.push({ subject, prepared: prepareRenewal(subject, customer, run.env), customer });
    } catch (err) {
      failed.push(row.id);
      run.log.error({ err, subscriptionId: row.id }, 'renewal could not be priced');
    }
  }
  await persistRenewals(prepared, run.facts, run.ctx, t);
  return { claimed: rows.length, lastId, issued: prepared.length, duplicates: done.size, failed, single };
}

/**
 * Claims one batch of due subscriptions and issues their renewal invoices in one transaction: bulk
 * loads, pure pricing, one block of invoice numbers, multi-row inserts. When the transaction fails,
 * every claimed subscription is handed to the one-by-one path instead, so one bad row never blocks the rest.
 */
export async function issueRenewalBatch(run: RenewalRun, after: number): Promise<BatchOutcome> {
  const claimed: RenewalRow[] = [];
  // NOTE: READ COMMITTED on MySQL/MariaDB: each statement sees what other workers committed, and no gap locks are taken.
  const options = isSqlite() ? {} : { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED };
  try {
    return await sequelize().transaction(options, (t) => runBatch(run, after, t, claimed));
  } catch (err) {
    if (claimed.length === 0) throw err;
    run.log.warn({ err, from: claimed[0].id, to: claimed[claimed.length - 1].id }, 'renewal batch failed; renewing its subscriptions one by one');
    return { claimed: claimed.length, lastId: claimed[claimed.length - 1].id, issued: 0, duplicates: 0, failed: [], single: claimed.map((r) => r.id) };
  }
}
