import { QueryTypes, type Transaction } from 'sequelize';
import { sqlTimestamp } from '../../db/locks.js';
import { isSqlite, sequelize } from '../../db/sequelize.js';
import type { BillingCycle, CurrencyCode, SubscriptionStatus } from '../../models/enums.js';
import { toMinor } from '../money.js';
import type { AddonRow, OptionRow, RenewalRow } from './renewal-subject.js';

/** Statuses whose subscriptions are invoiced for their next period (a suspended one catches up once unsuspended). */
export const RENEWING_STATUSES: readonly SubscriptionStatus[] = ['active', 'past_due'];

/** A date column as the driver returns it (Date on MySQL, text on SQLite). */
export function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${String(value)}`);
  return date;
}

const nullableInt = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type Raw = Record<string, unknown>;

function toRenewalRow(r: Raw): RenewalRow {
  return {
    id: Number(r.id),
    customerId: Number(r.customer_id),
    planId: Number(r.plan_id),
    status: r.status as SubscriptionStatus,
    cycle: r.cycle as BillingCycle,
    currency: r.currency as CurrencyCode,
    priceMinor: toMinor(r.price_minor),
    anchorDay: Number(r.anchor_day),
    currentPeriodEnd: toDate(r.current_period_end),
    couponId: nullableInt(r.coupon_id),
    couponPeriodsRemaining: nullableInt(r.coupon_periods_remaining),
    scheduledPlanId: nullableInt(r.scheduled_plan_id),
    scheduledCycle: (r.scheduled_cycle as BillingCycle | null) ?? null,
  };
}

/**
 * Claims up to `limit` subscriptions (id > `after`) whose current period ends by `horizon` and whose
 * next period has no renewal invoice yet. On MySQL/MariaDB the rows stay locked by `t` and rows
 * another worker holds are skipped (FOR UPDATE SKIP LOCKED); SQLite serialises writers anyway.
 */
export async function claimDueRenewals(input: { after: number; limit: number; horizon: Date; ids?: readonly number[] }, t: Transaction): Promise<RenewalRow[]> {
  const only = input.ids ? `AND s.id IN (${input.ids.map(Number).join(', ') || 'NULL'})` : '';
  const rows = await sequelize().query<Raw>(
    'SELECT s.id, s.customer_id, s.plan_id, s.status, s.cycle, s.currency, s.price_minor, s.anchor_day, s.current_period_end, ' +
      's.coupon_id, s.coupon_periods_remaining, s.scheduled_plan_id, s.scheduled_cycle FROM subscriptions s ' +
      `WHERE s.status IN (${RENEWING_STATUSES.map((x) => `'${x}'`).join(', ')}) AND s.cancel_at_period_end = 0 AND s.current_period_end <= :horizon AND s.id > :after ${only} ` +
      "AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.subscription_id = s.id AND i.kind = 'renewal' AND i.period_start = s.current_period_end) " +
      `ORDER BY s.id LIMIT ${Number(input.limit)}${isSqlite() ? '' : ' FOR UPDATE SKIP LOCKED'}`,
    { replacements: { horizon: sqlTimestamp(input.horizon), after: input.after }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows.map(toRenewalRow);
}

/** The option and active add-on rows of these subscriptions (add-ons cancelled at period end do not renew). */
export async function loadRenewalItems(subscriptionIds: readonly number[], t?: Transaction): Promise<{ options: OptionRow[]; addons: AddonRow[] }> {
  if (subscriptionIds.length === 0) return { options: [], addons: [] };
  const ids = subscriptionIds.map(Number).join(', ');
  const s = sequelize();
  const options = await s.query<Raw>(`SELECT subscription_id, option_id, quantity, choice, unit_price_minor FROM subscription_options WHERE subscription_id IN (${ids})`, {
    type: QueryTypes.SELECT,
    transaction: t,
  });
  const addons = await s.query<Raw>(
    `SELECT subscription_id, addon_id, quantity, price_minor FROM subscription_addons WHERE subscription_id IN (${ids}) AND status = 'active' AND cancel_at_period_end = 0`,
    { type: QueryTypes.SELECT, transaction: t },
  );
  return {
    options: options.map((o) => ({ subscriptionId: Number(o.subscription_id), optionId: Number(o.option_id), quantity: Number(o.quantity), choice: (o.choice as string | null) ?? null, unitPriceMinor: toMinor(o.unit_price_minor) })),
    addons: addons.map((a) => ({ subscriptionId: Number(a.subscription_id), addonId: Number(a.addon_id), quantity: Number(a.quantity), priceMinor: toMinor(a.price_minor) })),
  };
}
