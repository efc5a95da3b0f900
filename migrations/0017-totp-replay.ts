import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';

/** The 30-second TOTP step last used to sign in, so a code works once (not again within its window). */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.addColumn('users', 'totp_last_step', col.int({ nullable: true }));
};

// NOTE: plain DROP COLUMN (SQLite 3.35+, MariaDB): a rebuilt SQLite users table would break the
// foreign keys that point at it.
export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query('ALTER TABLE users DROP COLUMN totp_last_step');
};
