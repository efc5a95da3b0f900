import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';

/** Staff exemptions from dunning and suspension: a customer or one invoice, until a date, with a reason. */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.createTable('dunning_exemptions', {
    id: col.id(),
    customer_id: col.fk('customers', { nullable: true, onDelete: 'CASCADE' }),
    invoice_id: col.fk('invoices', { nullable: true, onDelete: 'CASCADE' }),
    exempt_until: col.date(false),
    reason: col.string(255, false),
    created_by: col.fk('users', { nullable: true }),
    /** Set when staff lift the exemption before its date (or replace it). */
    ended_at: col.date(),
    ended_by: col.fk('users', { nullable: true }),
    ...col.timestamps(),
  });
  await q.addIndex('dunning_exemptions', ['customer_id', 'exempt_until'], { name: 'dunning_exemptions_customer' });
  await q.addIndex('dunning_exemptions', ['invoice_id', 'exempt_until'], { name: 'dunning_exemptions_invoice' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.dropTable('dunning_exemptions');
};
