import type { MigrationFn } from '../src/db/migrator.js';

/**
 * Indexes for the back office at millions of rows. Lists are sorted newest first (id) and filtered by
 * status or kind: an index on that one column also holds the id (both databases append the primary
 * key), so "status = open, newest first" reads ten index entries instead of sorting every open row.
 * The dashboard's overdue accounts and popular plans are read from covering indexes, in group order.
 */
const INDEXES: Array<[table: string, columns: string[], name: string]> = [
  ['invoices', ['status'], 'invoices_status'],
  ['invoices', ['status', 'currency', 'customer_id', 'due_at', 'amount_due_minor'], 'invoices_status_currency_customer'],
  ['ledger_entries', ['kind'], 'ledger_entries_kind'],
  ['payment_attempts', ['status'], 'payment_attempts_status_only'],
  ['mail_outbox', ['status'], 'mail_outbox_status'],
  ['subscriptions', ['status', 'plan_id'], 'subscriptions_status_plan'],
];

export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const [table, columns, name] of INDEXES) await q.addIndex(table, columns, { name });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const [table, , name] of [...INDEXES].reverse()) await q.removeIndex(table, name);
};
