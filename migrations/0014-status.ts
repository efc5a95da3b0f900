import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';

const STATES = ['operational', 'degraded', 'down'] as const;

/** Status page: the last reachability check of each component (one row a component, overwritten by `status:check`). */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.createTable('status_checks', {
    id: col.id(),
    component: col.string(32, false),
    state: col.enum(STATES),
    latency_ms: col.int({ nullable: true }),
    detail: col.string(255),
    checked_at: col.date(false),
    ...col.timestamps(),
  });
  await q.addIndex('status_checks', ['component'], { name: 'status_checks_component', unique: true });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.dropTable('status_checks');
};
