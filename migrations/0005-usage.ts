import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';
import { BANDWIDTH_OVERAGE_STATUSES } from '../src/models/enums.js';

/** A byte count: BIGINT, 0 by default (a 10 Gbit/s port moves about 1e14 bytes a day, far below 2^53). */
const bytes = col.money;

/** Daily bandwidth per service, quota alerts per cycle and threshold, and overage charges per cycle. */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.createTable('bandwidth_usage', {
    id: col.id(),
    service_id: col.fk('services'),
    day: col.day(),
    bytes_in: bytes(),
    bytes_out: bytes(),
    collected_at: col.date(false),
    ...col.timestamps(),
  });
  await q.addIndex('bandwidth_usage', ['service_id', 'day'], { unique: true, name: 'bandwidth_usage_service_day_unique' });
  await q.addIndex('bandwidth_usage', ['day'], { name: 'bandwidth_usage_day' });

  await q.createTable('bandwidth_alerts', {
    id: col.id(),
    service_id: col.fk('services'),
    cycle_start: col.day(),
    threshold_percent: col.int(),
    used_bytes: bytes(),
    quota_bytes: bytes(),
    sent_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('bandwidth_alerts', ['service_id', 'cycle_start', 'threshold_percent'], { unique: true, name: 'bandwidth_alerts_service_cycle_threshold_unique' });

  await q.createTable('bandwidth_overages', {
    id: col.id(),
    service_id: col.fk('services'),
    subscription_id: col.fk('subscriptions'),
    cycle_start: col.day(),
    cycle_end: col.day(),
    quota_bytes: bytes(),
    used_bytes: bytes(),
    overage_bytes: bytes(),
    rate_minor_per_gb: col.money(),
    amount_minor: col.money(),
    currency: col.currency(),
    status: col.enum(BANDWIDTH_OVERAGE_STATUSES, { default: 'pending' }),
    invoice_id: col.fk('invoices', { nullable: true, onDelete: 'RESTRICT' }),
    waived_by: col.fk('users', { nullable: true, onDelete: 'RESTRICT' }),
    waive_reason: col.string(255),
    ...col.timestamps(),
  });
  await q.addIndex('bandwidth_overages', ['service_id', 'cycle_start'], { unique: true, name: 'bandwidth_overages_service_cycle_unique' });
  await q.addIndex('bandwidth_overages', ['status', 'cycle_end'], { name: 'bandwidth_overages_status_cycle_end' });
  await q.addIndex('bandwidth_overages', ['subscription_id'], { name: 'bandwidth_overages_subscription' });
  await q.addIndex('bandwidth_overages', ['invoice_id'], { name: 'bandwidth_overages_invoice' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const table of ['bandwidth_overages', 'bandwidth_alerts', 'bandwidth_usage']) await q.dropTable(table);
};
