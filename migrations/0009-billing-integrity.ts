import { QueryTypes } from 'sequelize';
import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';

/**
 * Billing integrity: invoice lines say whether they are taxed (staff lines may be untaxed), coupon
 * redemptions are recorded once per coupon and invoice (renewals included) and say whether they are
 * a renewal of an earlier use, which the coupon's limits do not count again.
 */
export const up: MigrationFn = async ({ context: { queryInterface: q, sequelize } }) => {
  await q.addColumn('invoice_lines', 'taxable', col.bool(true));
  await q.addColumn('coupon_redemptions', 'renewal', col.bool(false));

  // NOTE: a (coupon, invoice) pair recorded twice keeps its first row; later rows lose the invoice
  // link but stay (with their order), so redemption counts and history do not change.
  const duplicates = await sequelize.query<{ id: number }>(
    'SELECT r.id FROM coupon_redemptions r WHERE r.invoice_id IS NOT NULL AND EXISTS ' +
      '(SELECT 1 FROM coupon_redemptions f WHERE f.coupon_id = r.coupon_id AND f.invoice_id = r.invoice_id AND f.id < r.id)',
    { type: QueryTypes.SELECT },
  );
  if (duplicates.length > 0) {
    await sequelize.query(`UPDATE coupon_redemptions SET invoice_id = NULL WHERE id IN (${duplicates.map((d) => Number(d.id)).join(', ')})`);
  }
  await q.addIndex('coupon_redemptions', ['coupon_id', 'invoice_id'], { unique: true, name: 'coupon_redemptions_coupon_invoice_unique' });

  // NOTE: renewal invoices issued before renewals recorded their redemptions get their history row now,
  // from their discount lines (the coupon's value as entered, like every redemption row).
  await sequelize.query(
    'INSERT INTO coupon_redemptions (coupon_id, customer_id, order_id, subscription_id, invoice_id, amount_minor, currency, redeemed_at, renewal, created_at, updated_at) ' +
      'SELECT l.coupon_id, i.customer_id, NULL, i.subscription_id, i.id, -SUM(l.unit_amount_minor * l.quantity), i.currency, i.issued_at, :yes, i.issued_at, i.issued_at ' +
      "FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.kind = 'discount' AND l.coupon_id IS NOT NULL AND i.kind = 'renewal' AND i.issued_at IS NOT NULL " +
      'AND NOT EXISTS (SELECT 1 FROM coupon_redemptions r WHERE r.coupon_id = l.coupon_id AND r.invoice_id = i.id) ' +
      'GROUP BY l.coupon_id, i.id, i.customer_id, i.subscription_id, i.currency, i.issued_at',
    { replacements: { yes: true }, type: QueryTypes.INSERT },
  );
};

export const down: MigrationFn = async ({ context: { queryInterface: q, sequelize } }) => {
  await sequelize.query('DELETE FROM coupon_redemptions WHERE renewal = :yes', { replacements: { yes: true } });
  await q.removeIndex('coupon_redemptions', 'coupon_redemptions_coupon_invoice_unique');
  // NOTE: plain DROP COLUMN (SQLite 3.35+, MariaDB) keeps the tables' other indexes and foreign keys,
  // which a rebuilt SQLite table would lose.
  await sequelize.query('ALTER TABLE coupon_redemptions DROP COLUMN renewal');
  await sequelize.query('ALTER TABLE invoice_lines DROP COLUMN taxable');
};
