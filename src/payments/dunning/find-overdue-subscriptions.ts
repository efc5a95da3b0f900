import { QueryTypes } from 'sequelize';
import { toDate } from '../../billing/renewals/claim-due-renewals.js';
import { sqlTimestamp } from '../../db/locks.js';
import { sequelize } from '../../db/sequelize.js';
import type { SubscriptionStatus } from '../../models/enums.js';
import { exemptNowSql } from './exemptions.js';

/** A subscription with an invoice overdue past the suspension threshold, and its oldest such invoice. */
export interface OverdueSubscription {
  readonly subscriptionId: number;
  readonly status: SubscriptionStatus;
  readonly invoiceId: number;
  readonly dueAt: Date;
}

/**
 * Subscriptions the suspension policy may act on (ids after `after`, at most `limit`): live, not
 * exempt (neither the subscription nor its customer), with an unpaid invoice due on or before `dueBy`
 * and not under a staff exemption in force at `now` (of the invoice or the customer).
 */
export async function findOverdueSubscriptions(input: { dueBy: Date; now: Date; after: number; limit: number }): Promise<OverdueSubscription[]> {
  const rows = await sequelize().query<{ id: number; status: SubscriptionStatus; invoice_id: number; due_at: unknown }>(
    'SELECT s.id, s.status, i.id AS invoice_id, i.due_at FROM subscriptions s JOIN invoices i ON i.id = (' +
      "SELECT i2.id FROM invoices i2 WHERE i2.subscription_id = s.id AND i2.status IN ('open', 'uncollectible') AND i2.amount_due_minor > 0 " +
      `AND i2.kind IN ('renewal', 'overage', 'proration') AND i2.due_at <= :dueBy AND NOT ${exemptNowSql('i2')} ORDER BY i2.due_at, i2.id LIMIT 1) ` +
      "WHERE s.status IN ('active', 'past_due', 'suspended') AND s.suspension_exempt = 0 AND s.id > :after " +
      'AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = s.customer_id AND c.dunning_exempt = 1) ' +
      `ORDER BY s.id LIMIT ${Math.max(1, Math.floor(input.limit))}`,
    { replacements: { dueBy: sqlTimestamp(input.dueBy), now: sqlTimestamp(input.now), after: input.after }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ subscriptionId: Number(r.id), status: r.status, invoiceId: Number(r.invoice_id), dueAt: toDate(r.due_at) }));
}
