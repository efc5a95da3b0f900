import type { MigrationFn } from '../src/db/migrator.js';

/**
 * Indexes for the portal dashboard, read on most visits: a customer's newest services (customer_id alone: both
 * databases append the id, so the newest ten are the last ten entries) and their open invoices due soonest.
 */
const INDEXES: Array<[table: string, columns: string[], name: string]> = [
  ['services', ['customer_id'], 'services_customer'],
  ['invoices', ['customer_id', 'status', 'due_at'], 'invoices_customer_status_due'],
];

export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const [table, columns, name] of INDEXES) await q.addIndex(table, columns, { name });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const [table, , name] of [...INDEXES].reverse()) await q.removeIndex(table, name);
};
