import { QueryTypes } from 'sequelize';
import { config } from '../../config/index.js';
import { sequelize } from '../db/sequelize.js';
import { CURRENCIES, divideRounded, type CurrencyCode } from '../billing/money.js';
import { FxTable } from './fx.js';
import { computeMrrHistory, type MrrHistory } from './mrr-history.js';
import { operationsFigures, type OperationsFigures } from './operations-figures.js';
import { loadMrrHistory } from './history-cache.js';
import { basisPoints, big, dayKey, dayStart, lastDayBefore, monthKey, monthStart } from './periods.js';
import { overdueAccounts, receivableTotals } from './receivables.js';
import { revenueDays } from './revenue-days.js';

/** A month of MRR movements in base-currency minor units (each figure converted and rounded once). */
export interface MovementFigures {
  month: string;
  start: number;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
  end: number;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
  /** Churned customers / paying customers at the start, basis points. */
  customerChurnBp: number | null;
  /** (Churn + contraction) / MRR at the start, basis points. */
  revenueChurnBp: number | null;
}

/** Everything the back-office dashboard shows; amounts are base-currency minor units unless a currency is given. */
export interface DashboardFigures {
  asOf: string;
  /** When the MRR figures (MRR, movements, churn, cohorts) were computed: the last hourly snapshot, or now. */
  mrrAsOf: string;
  baseCurrency: CurrencyCode;
  /** Decimal places of the base currency (for display). */
  exponent: number;
  /** Currencies left out of base-currency figures for want of an FX rate. */
  unconverted: CurrencyCode[];
  mrr: number;
  arr: number;
  mrrByCurrency: Array<{ currency: CurrencyCode; mrr: number; arr: number }>;
  payingCustomers: number;
  movements: MovementFigures[];
  revenue: { days: Array<{ day: string; amount: number }>; months: Array<{ month: string; amount: number }>; years: Array<{ year: string; amount: number }> };
  receivables: Array<{ currency: CurrencyCode; outstanding: number; overdue: number; openInvoices: number; overdueInvoices: number }>;
  outstanding: number;
  overdue: number;
  overdueAccounts: Array<{ customerId: number; name: string; email: string; currency: CurrencyCode; overdue: number; invoices: number; oldestDueAt: string }>;
  signups: Array<{ month: string; count: number }>;
  cohorts: Array<{ month: string; size: number; retainedBp: Array<number | null> }>;
  /** Average revenue per paying customer / average monthly customer churn of the complete months; null without churn. */
  lifetimeValue: { arpa: number | null; monthlyChurnBp: number | null; value: number | null };
  operations: OperationsFigures;
}

const num = (v: bigint): number => {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError(`Figure ${v} is too large`);
  return Number(v);
};

/** Customers who signed up in each of the months starting at `starts` (the last running to `now`). */
async function signupsPerMonth(starts: Date[], now: Date): Promise<number[]> {
  const bucket = `CASE ${starts.map((_, k) => `WHEN created_at >= :s${starts.length - 1 - k} THEN ${starts.length - 1 - k}`).join(' ')} ELSE -1 END`;
  const replacements: Record<string, Date> = { now };
  starts.forEach((s, k) => (replacements[`s${k}`] = s));
  const rows = await sequelize().query<{ k: unknown; n: unknown }>(
    `SELECT ${bucket} AS k, COUNT(*) AS n FROM customers WHERE created_at >= :s0 AND created_at < :now GROUP BY ${bucket}`,
    { replacements, type: QueryTypes.SELECT },
  );
  const counts = starts.map(() => 0);
  for (const r of rows) if (Number(r.k) >= 0) counts[Number(r.k)] = Number(big(r.n));
  return counts;
}

/** The MRR history stored by the last snapshot when it is recent and covers these months, else computed now. */
async function mrrHistory(now: Date, months: number, keys: string[]): Promise<{ history: MrrHistory; computedAt: Date }> {
  return (await loadMrrHistory(now, keys)) ?? { history: await computeMrrHistory({ now, months }), computedAt: now };
}

/**
 * The dashboard's figures at `now`: MRR/ARR and 12 months of movements, churn, growth and cohorts;
 * revenue per day (30 days), month (12) and year (5); receivables; operations. See mrr-history.ts,
 * revenue-days.ts and fx.ts for how each is computed and converted.
 */
export async function getDashboardFigures(input: { now: Date; months?: number }): Promise<DashboardFigures> {
  const { now } = input;
  const months = input.months ?? 12;
  const base = config().baseCurrency as CurrencyCode;
  const today = dayKey(now);
  const yearsFrom = new Date(Date.UTC(now.getUTCFullYear() - 4, 0, 1));
  const monthStarts = Array.from({ length: months }, (_, i) => monthStart(new Date(now.getTime() - 1), i - months + 1));
  const [fx, { history, computedAt }, days, totals, accounts, operations, signups] = await Promise.all([
    FxTable.load(base),
    mrrHistory(now, months, monthStarts.map((m) => monthKey(m))),
    revenueDays(yearsFrom, dayStart(now, 1)),
    receivableTotals(now),
    overdueAccounts(now),
    operationsFigures(dayStart(now, -29), now),
    signupsPerMonth(monthStarts, now),
  ]);
  const unconverted = new Set<CurrencyCode>();
  const toBase = (amount: bigint, currency: CurrencyCode, day: string, divisor = 1n): bigint => {
    if (amount === 0n) return 0n;
    const converted = fx.convert(amount, currency, day, divisor);
    if (converted === null) unconverted.add(currency);
    return converted ?? 0n;
  };

  // MRR movements, month by month, each month's figures at the rate of its last day.
  const movements: MovementFigures[] = history.months.map((month, i) => {
    const day = i === months - 1 ? today : lastDayBefore(monthStarts[i + 1]!);
    const f = { start: 0n, new: 0n, expansion: 0n, contraction: 0n, churn: 0n, reactivation: 0n, end: 0n };
    const counts = history.customers[i]!;
    for (const [currency, list] of history.byCurrency) {
      const m = list[i]!;
      for (const key of Object.keys(f) as Array<keyof typeof f>) f[key] += toBase(m[key], currency, day, 12n);
    }
    return {
      month,
      start: num(f.start), new: num(f.new), expansion: num(f.expansion), contraction: num(f.contraction), churn: num(f.churn), reactivation: num(f.reactivation), end: num(f.end),
      ...counts,
      customerChurnBp: basisPoints(BigInt(counts.churnedCustomers), BigInt(counts.customersStart)),
      revenueChurnBp: basisPoints(f.churn + f.contraction, f.start),
    };
  });

  const mrrByCurrency = [...history.byCurrency].map(([currency, list]) => {
    const arr = list[months - 1]!.end;
    return { currency, arr: num(arr), mrr: num(divideRounded(arr, 12n)) };
  }).sort((a, b) => a.currency.localeCompare(b.currency));
  let arrBase = 0n;
  for (const [currency, list] of history.byCurrency) arrBase += toBase(list[months - 1]!.end, currency, today);
  const mrrBase = BigInt(movements[months - 1]!.end);
  const payingCustomers = movements[months - 1]!.customersEnd;

  // Revenue: net per day and currency, converted at the day's rate, summed into days, months and years.
  const perDay = new Map<string, bigint>();
  for (const d of days) perDay.set(d.day, (perDay.get(d.day) ?? 0n) + toBase(d.collected - d.refunded, d.currency, d.day));
  const sumWhere = (prefix: string): number => num([...perDay].filter(([d]) => d.startsWith(prefix)).reduce((s, [, v]) => s + v, 0n));
  const revenue = {
    days: Array.from({ length: 30 }, (_, i) => dayKey(dayStart(now, i - 29))).map((day) => ({ day, amount: num(perDay.get(day) ?? 0n) })),
    months: monthStarts.map((m) => m.toISOString().slice(0, 7)).map((month) => ({ month, amount: sumWhere(month) })),
    years: Array.from({ length: 5 }, (_, i) => String(now.getUTCFullYear() - 4 + i)).map((year) => ({ year, amount: sumWhere(year) })),
  };

  let outstanding = 0n;
  let overdue = 0n;
  for (const t of totals) {
    outstanding += toBase(t.outstanding, t.currency, today);
    overdue += toBase(t.overdue, t.currency, today);
  }

  // Cohorts: paying customers of each signup month at the end of each later month, over its size.
  const cohorts = history.cohorts.map((c, k) => ({ month: c.month, size: signups[k]!, retainedBp: c.active.map((a) => basisPoints(BigInt(a), BigInt(signups[k]!))) }));

  // NOTE: lifetime value = ARPA / average monthly customer churn over the complete months; one rounding.
  const complete = movements.slice(0, -1);
  const churned = complete.reduce((s, m) => s + m.churnedCustomers, 0);
  const started = complete.reduce((s, m) => s + m.customersStart, 0);
  const lifetimeValue = {
    arpa: payingCustomers ? num(divideRounded(mrrBase, BigInt(payingCustomers))) : null,
    monthlyChurnBp: basisPoints(BigInt(churned), BigInt(started)),
    value: payingCustomers && churned ? num(divideRounded(mrrBase * BigInt(started), BigInt(payingCustomers) * BigInt(churned))) : null,
  };

  return {
    asOf: now.toISOString(),
    mrrAsOf: computedAt.toISOString(),
    baseCurrency: base,
    exponent: CURRENCIES[base].exponent,
    unconverted: [...unconverted].sort(),
    mrr: num(mrrBase),
    arr: num(arrBase),
    mrrByCurrency,
    payingCustomers,
    movements,
    revenue,
    receivables: totals.map((t) => ({ currency: t.currency, outstanding: num(t.outstanding), overdue: num(t.overdue), openInvoices: t.openInvoices, overdueInvoices: t.overdueInvoices })),
    outstanding: num(outstanding),
    overdue: num(overdue),
    overdueAccounts: accounts.map((a) => ({ ...a, overdue: num(a.overdue) })),
    signups: monthStarts.map((m, k) => ({ month: m.toISOString().slice(0, 7), count: signups[k]! })),
    cohorts,
    lifetimeValue,
    operations,
  };
}
