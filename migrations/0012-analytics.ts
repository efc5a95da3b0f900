import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';

/**
 * Analytics: money collected per UTC day and currency (rolled up by `analytics:snapshot`, so the
 * dashboard's revenue series never scans the ledger), the last computed MRR history, and the indexes
 * the dashboard and the finance exports read through.
 */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.createTable('revenue_days', {
    id: col.id(),
    day: col.day(),
    currency: col.currency(),
    collected_minor: { ...col.money(), comment: 'payments and chargeback reversals' },
    refunded_minor: { ...col.money(), comment: 'refunds and chargebacks, positive' },
    payments: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('revenue_days', ['day', 'currency'], { unique: true, name: 'revenue_days_day_currency_unique' });
  // Figures too costly to compute on every dashboard load (the MRR history), as computed by the last snapshot.
  await q.createTable('analytics_cache', {
    name: { ...col.string(64, false), primaryKey: true },
    computed_at: col.date(false),
    payload: col.json(false),
    ...col.timestamps(),
  });
  // MRR history: one pass over subscriptions grouped by customer, read from the index alone.
  await q.addIndex('subscriptions', ['customer_id', 'currency', 'started_at', 'status', 'cycle', 'price_minor', 'cancelled_at', 'terminated_at'], { name: 'subscriptions_mrr' });
  // Money collected per day (the rollup and the ledger exports): range on time within a kind, amounts in the index.
  await q.addIndex('ledger_entries', ['kind', 'occurred_at', 'currency', 'amount_minor'], { name: 'ledger_entries_kind_occurred_amount' });
  // Outstanding and overdue totals by currency without reading invoice rows.
  await q.addIndex('invoices', ['status', 'currency', 'due_at', 'amount_due_minor'], { name: 'invoices_status_currency_due' });
  await q.addIndex('invoice_lines', ['kind', 'invoice_id'], { name: 'invoice_lines_kind_invoice' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.removeIndex('invoice_lines', 'invoice_lines_kind_invoice');
  await q.removeIndex('invoices', 'invoices_status_currency_due');
  await q.removeIndex('ledger_entries', 'ledger_entries_kind_occurred_amount');
  await q.removeIndex('subscriptions', 'subscriptions_mrr');
  await q.dropTable('analytics_cache');
  await q.dropTable('revenue_days');
};
