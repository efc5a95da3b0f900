import { QueryTypes } from 'sequelize';
import { config } from '../../config/index.js';
import { inTransaction } from '../db/transaction.js';
import { sequelize } from '../db/sequelize.js';
import { divideRounded, type CurrencyCode } from '../billing/money.js';
import type { Ctx } from '../lib/context.js';
import { FxTable } from './fx.js';
import { storeMrrHistory } from './history-cache.js';
import { computeMrrHistory } from './mrr-history.js';
import { dayKey, dayStart } from './periods.js';
import { ledgerDays } from './revenue-days.js';

/** How far back each run recomputes the revenue rollup (payments can be recorded with an earlier date). */
export const ROLLUP_DAYS = 35;

export interface SnapshotResult {
  day: string;
  mrrRows: number;
  revenueDays: number;
  /** Currencies whose MRR had no rate to the base currency (stored with mrr_base_minor 0). */
  unconverted: CurrencyCode[];
}

/**
 * Records today's MRR per billing currency in mrr_snapshots, stores the twelve-month MRR history the
 * dashboard reads, and recomputes the revenue rollup of the last ROLLUP_DAYS closed days from the
 * ledger. Idempotent: a rerun replaces the same rows.
 */
export async function takeAnalyticsSnapshot(ctx: Ctx): Promise<SnapshotResult> {
  const base = config().baseCurrency as CurrencyCode;
  const day = dayKey(ctx.now);
  const today = dayStart(ctx.now);
  const from = dayStart(ctx.now, -ROLLUP_DAYS);
  const [fx, history] = await Promise.all([FxTable.load(base), computeMrrHistory({ now: ctx.now, months: 12 })]);
  const unconverted: CurrencyCode[] = [];
  const mrrRows = [...history.byCurrency].map(([currency, list]) => {
    const month = list.at(-1);
    const baseMinor = fx.convert(month!.end, currency, day, 12n);
    if (baseMinor === null) unconverted.push(currency);
    return { currency, mrr: divideRounded(month!.end, 12n), baseMinor: baseMinor ?? 0n, customers: month!.customersEnd };
  });
  const counts = await sequelize().query<{ currency: string; n: unknown }>(
    "SELECT currency, COUNT(*) AS n FROM subscriptions WHERE started_at < :now AND status IN ('active', 'past_due', 'suspended') GROUP BY currency",
    { replacements: { now: ctx.now }, type: QueryTypes.SELECT },
  );
  const days = await ledgerDays(from, today);
  const stamp = ctx.now;
  await inTransaction(ctx, async (t) => {
    const q = (sql: string, replacements: Record<string, unknown>) => sequelize().query(sql, { replacements, transaction: t });
    await q('DELETE FROM mrr_snapshots WHERE day = :day', { day });
    for (const row of mrrRows) {
      await q(
        'INSERT INTO mrr_snapshots (day, currency, mrr_minor, base_currency, mrr_base_minor, active_subscriptions, customers, created_at, updated_at) ' +
          'VALUES (:day, :currency, :mrr, :base, :baseMinor, :subs, :customers, :stamp, :stamp)',
        {
          day, currency: row.currency, mrr: String(row.mrr), base, baseMinor: String(row.baseMinor), customers: row.customers, stamp,
          subs: Number(counts.find((c) => c.currency === row.currency)?.n ?? 0),
        },
      );
    }
    await storeMrrHistory(history, ctx.now, t);
    await q('DELETE FROM revenue_days WHERE day >= :from AND day < :to', { from: dayKey(from), to: day });
    for (let i = 0; i < days.length; i += 200) {
      const chunk = days.slice(i, i + 200);
      const values: Record<string, unknown> = { stamp };
      const tuples = chunk.map((d, k) => {
        Object.assign(values, { [`d${k}`]: d.day, [`c${k}`]: d.currency, [`p${k}`]: String(d.collected), [`r${k}`]: String(d.refunded), [`n${k}`]: d.payments });
        return `(:d${k}, :c${k}, :p${k}, :r${k}, :n${k}, :stamp, :stamp)`;
      });
      await q(`INSERT INTO revenue_days (day, currency, collected_minor, refunded_minor, payments, created_at, updated_at) VALUES ${tuples.join(', ')}`, values);
    }
  });
  return { day, mrrRows: mrrRows.length, revenueDays: days.length, unconverted };
}
