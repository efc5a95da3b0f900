import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';

/** The 30-second TOTP step last used to sign in, so a code works once (not again within its window). */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.addColumn('users', 'totp_last_step', col.int({ nullable: true }));
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.removeColumn('users', 'totp_last_step');
};
