// NOTE: Revenue is money collected, by the day it moved (ledger `occurred_at`, UTC): payments and
// chargeback reversals, less refunds and chargebacks. Credit applied to invoices is not revenue
// again (the payment that funded it was). Each day's net per currency is converted at that day's
// rate (src/analytics/fx.ts) and then summed into months and years.
import { QueryTypes, type Transaction } from 'sequelize';
import { isSqlite, sequelize } from '../db/sequelize.js';
import type { CurrencyCode } from '../billing/money.js';
import { big, dayKey } from './periods.js';

/** Money moved on one day in one currency. */
export interface RevenueDay {
  day: string;
  currency: CurrencyCode;
  collected: bigint;
  refunded: bigint;
  payments: number;
}

const dayOf = (column: string): string => (isSqlite() ? `substr(${column}, 1, 10)` : `DATE(${column})`);

const AGGREGATE =
  `SUM(CASE WHEN kind IN ('payment', 'chargeback_reversal') THEN amount_minor ELSE 0 END) AS collected, ` +
  `SUM(CASE WHEN kind IN ('refund', 'chargeback') THEN amount_minor ELSE 0 END) AS refunded, ` +
  `SUM(CASE WHEN kind = 'payment' THEN 1 ELSE 0 END) AS payments`;

/** Days of [from, to) straight from the ledger. */
export async function ledgerDays(from: Date, to: Date, t?: Transaction): Promise<RevenueDay[]> {
  const rows = await sequelize().query<Record<string, unknown>>(
    `SELECT ${dayOf('occurred_at')} AS day, currency, ${AGGREGATE} FROM ledger_entries ` +
      `WHERE kind IN ('payment', 'chargeback_reversal', 'refund', 'chargeback') AND occurred_at >= :from AND occurred_at < :to ` +
      `GROUP BY ${dayOf('occurred_at')}, currency`,
    { replacements: { from, to }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows.map((r) => ({
    day: String(r.day).slice(0, 10),
    currency: r.currency as CurrencyCode,
    collected: big(r.collected),
    refunded: big(r.refunded),
    payments: Number(big(r.payments)),
  }));
}

/** Rolled-up days of [fromDay, toDay) (YYYY-MM-DD), and the last rolled-up day overall. */
export async function rolledUpDays(fromDay: string, toDay: string): Promise<{ days: RevenueDay[]; lastDay: string | null }> {
  const [rows, last] = await Promise.all([
    sequelize().query<Record<string, unknown>>(
      'SELECT CAST(day AS CHAR) AS day, currency, collected_minor, refunded_minor, payments FROM revenue_days WHERE day >= :fromDay AND day < :toDay',
      { replacements: { fromDay, toDay }, type: QueryTypes.SELECT },
    ),
    sequelize().query<{ d: string | null }>('SELECT CAST(MAX(day) AS CHAR) AS d FROM revenue_days', { type: QueryTypes.SELECT }),
  ]);
  return {
    days: rows.map((r) => ({
      day: String(r.day).slice(0, 10),
      currency: r.currency as CurrencyCode,
      collected: big(r.collected_minor),
      refunded: big(r.refunded_minor),
      payments: Number(big(r.payments)),
    })),
    lastDay: last[0]?.d ? String(last[0].d).slice(0, 10) : null,
  };
}

/**
 * The days of [from, to) (UTC midnights): rolled-up days where the rollup has them, the ledger for
 * the days after the last rolled-up one (today always), so the figures are the same either way.
 */
export async function revenueDays(from: Date, to: Date): Promise<RevenueDay[]> {
  const { days, lastDay } = await rolledUpDays(dayKey(from), dayKey(to));
  const liveFrom = lastDay && lastDay >= dayKey(from) ? new Date(`${lastDay}T00:00:00.000Z`).getTime() + 86_400_000 : from.getTime();
  const kept = days.filter((d) => new Date(`${d.day}T00:00:00.000Z`).getTime() < liveFrom);
  if (liveFrom >= to.getTime()) return kept;
  return [...kept, ...(await ledgerDays(new Date(liveFrom), to))];
}
