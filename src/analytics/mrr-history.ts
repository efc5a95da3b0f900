// NOTE: How MRR is computed. A subscription counts from `started_at` until it is cancelled or
// terminated (`terminated_at`, else `cancelled_at`); pending subscriptions never count, suspended
// and past-due ones still do. Its annual value is exact in minor units: the price times 12 (monthly),
// 4 (quarterly), 2 (semi-annual) or 1 (annual). ARR is the sum of annual values and MRR is ARR / 12,
// divided (and converted to the base currency) once per currency total, never per subscription.
// Movements compare each customer's annual value just before the month starts with its value just
// before the next month starts (or now): new (0 -> >0, first subscription in the month), reactivation
// (0 -> >0, had subscribed before), expansion, contraction, churn (>0 -> 0). Amounts are classified per
// billing currency (a customer's first EUR subscription is new EUR MRR even when they already pay in
// USD); customer counts and cohorts use each customer's value in all currencies together, so a
// customer paying in two currencies counts once and is churned only when both end. Prices are read as they
// are now, so a plan change shows in the month it takes effect only through the snapshots.
import { QueryTypes } from 'sequelize';
import { sequelize } from '../db/sequelize.js';
import type { CurrencyCode } from '../billing/money.js';
import { big, monthKey, monthStart } from './periods.js';

/** Months a billing cycle covers; the annual value is price x 12 / months (exact for every cycle). */
export const CYCLE_MONTHS = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 } as const;

const ANNUAL_VALUE_SQL = `price_minor * CASE cycle ${Object.entries(CYCLE_MONTHS).map(([cycle, months]) => `WHEN '${cycle}' THEN ${12 / months}`).join(' ')} ELSE 0 END`;

/** Annual values (minor units x 12 of MRR) of one month of one currency; every amount is >= 0. */
export interface MonthMovement {
  month: string;
  start: bigint;
  end: bigint;
  new: bigint;
  expansion: bigint;
  contraction: bigint;
  churn: bigint;
  reactivation: bigint;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
}

/** Of the customers who signed up in `month`, how many were paying just before each later month start (and now). */
export interface Cohort {
  month: string;
  /** active[k] = paying customers of the cohort at the end of the k-th month after signing up (k = 0 is the signup month). */
  active: number[];
}

/** Paying customers of one month over every currency: a customer paying in two currencies counts once. */
export interface CustomerCounts {
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
}

export interface MrrHistory {
  months: string[];
  /** Amounts and counts of each billing currency on its own. */
  byCurrency: Map<CurrencyCode, MonthMovement[]>;
  /** Customer counts of each month across currencies. */
  customers: CustomerCounts[];
  cohorts: Cohort[];
}

/** Index of the first boundary `column` is before (0..n), or n + 1: one early-exit CASE a row instead of a comparison per boundary. */
const firstBoundaryAfter = (column: string, n: number): string =>
  `CASE ${Array.from({ length: n + 1 }, (_, j) => `WHEN ${column} < :b${j} THEN ${j}`).join(' ')} ELSE ${n + 1} END`;

/**
 * MRR movements of the `months` calendar months ending with the month of `now` (which runs to `now`, exclusive),
 * per billing currency, plus signup-month cohorts, in one pass over subscriptions grouped by customer.
 */
export async function computeMrrHistory(input: { now: Date; months: number; currency?: CurrencyCode }): Promise<MrrHistory> {
  const n = Math.max(1, Math.min(60, Math.floor(input.months)));
  const bounds: Date[] = [];
  // The last month is the one holding the instant just before `now` (a range ending on the 1st ends the month before).
  const anchor = new Date(input.now.getTime() - 1);
  for (let i = 0; i < n; i++) bounds.push(monthStart(anchor, i - n + 1));
  bounds.push(input.now);
  const replacements: Record<string, Date | string> = {};
  bounds.forEach((b, i) => (replacements[`b${i}`] = b));
  // NOTE: a subscription is active at boundary j (the instant just before b_j) when si <= j < ei: si is the
  // first boundary after its start, ei the first boundary after it ended. GROUP BY id keeps MariaDB from
  // merging this derived table into the sums below (which would evaluate each CASE once per sum).
  const subs =
    `SELECT id, customer_id, currency, ${ANNUAL_VALUE_SQL} AS arr, ${firstBoundaryAfter('started_at', n)} AS si, ` +
    `CASE WHEN status IN ('cancelled', 'terminated') THEN ${firstBoundaryAfter('COALESCE(terminated_at, cancelled_at, started_at)', n)} ELSE ${n + 1} END AS ei ` +
    `FROM subscriptions WHERE started_at IS NOT NULL AND started_at < :b${n} CURRENCY_FILTER GROUP BY id`;
  const sums = bounds.map((_, j) => `SUM(CASE WHEN s.si <= ${j} AND s.ei > ${j} THEN s.arr ELSE 0 END) AS m${j}`);
  const currencyFilter = input.currency ? 'AND currency = :currency' : '';
  if (input.currency) replacements.currency = input.currency;
  // NOTE: grouped by customer and currency for the amounts and per-currency counts, by customer alone
  // (amounts of every currency added, only ever compared with 0) for the counts across currencies.
  const inner = (perCurrency: boolean) =>
    `SELECT s.customer_id, ${perCurrency ? 's.currency' : "'*'"} AS currency, MIN(s.si) AS first_si, ${sums.join(', ')} ` +
    `FROM (${subs.replace('CURRENCY_FILTER', currencyFilter)}) s GROUP BY s.customer_id${perCurrency ? ', s.currency' : ''}`;

  const outer: string[] = [];
  for (let j = 0; j <= n; j++) outer.push(`SUM(t.m${j}) AS total${j}`, `SUM(CASE WHEN t.m${j} > 0 THEN 1 ELSE 0 END) AS paying${j}`);
  for (let i = 1; i <= n; i++) {
    const [a, b] = [`t.m${i - 1}`, `t.m${i}`];
    // First subscription started in month i (first_si = i) or earlier (reactivation).
    const fresh = `${a} = 0 AND ${b} > 0 AND t.first_si >= ${i}`;
    const back = `${a} = 0 AND ${b} > 0 AND t.first_si < ${i}`;
    outer.push(
      `SUM(CASE WHEN ${fresh} THEN ${b} ELSE 0 END) AS new${i}`,
      `SUM(CASE WHEN ${fresh} THEN 1 ELSE 0 END) AS newc${i}`,
      `SUM(CASE WHEN ${back} THEN ${b} ELSE 0 END) AS react${i}`,
      `SUM(CASE WHEN ${back} THEN 1 ELSE 0 END) AS reactc${i}`,
      `SUM(CASE WHEN ${a} > 0 AND ${b} > ${a} THEN ${b} - ${a} ELSE 0 END) AS exp${i}`,
      `SUM(CASE WHEN ${a} > 0 AND ${b} > 0 AND ${b} < ${a} THEN ${a} - ${b} ELSE 0 END) AS con${i}`,
      `SUM(CASE WHEN ${a} > 0 AND ${b} = 0 THEN ${a} ELSE 0 END) AS churn${i}`,
      `SUM(CASE WHEN ${a} > 0 AND ${b} = 0 THEN 1 ELSE 0 END) AS churnc${i}`,
    );
  }
  // Signup cohort of each customer: index of its signup month among the n months, -1 when earlier.
  const cohort = `CASE ${bounds.slice(0, n).map((_, k) => `WHEN c.created_at >= :b${n - 1 - k} THEN ${n - 1 - k}`).join(' ')} ELSE -1 END`;
  const query = (perCurrency: boolean) =>
    sequelize().query<Record<string, unknown>>(
      `SELECT t.currency AS currency, ${cohort} AS cohort, ${outer.join(', ')} FROM (${inner(perCurrency)}) t JOIN customers c ON c.id = t.customer_id GROUP BY t.currency, ${cohort}`,
      { replacements, type: QueryTypes.SELECT },
    );
  const rows = await query(true);
  const overall = await query(false);

  const months = bounds.slice(0, n).map((b) => monthKey(b));
  const byCurrency = new Map<CurrencyCode, MonthMovement[]>();
  const cohorts: Cohort[] = months.map((month, k) => ({ month, active: Array.from({ length: n - k }, () => 0) }));
  for (const row of rows) {
    const currency = row.currency as CurrencyCode;
    const list =
      byCurrency.get(currency) ??
      months.map((month) => ({
        month, start: 0n, end: 0n, new: 0n, expansion: 0n, contraction: 0n, churn: 0n, reactivation: 0n,
        customersStart: 0, customersEnd: 0, newCustomers: 0, reactivatedCustomers: 0, churnedCustomers: 0,
      }));
    byCurrency.set(currency, list);
    for (let i = 1; i <= n; i++) {
      const m = list[i - 1]!;
      m.start += big(row[`total${i - 1}`]);
      m.end += big(row[`total${i}`]);
      m.customersStart += Number(big(row[`paying${i - 1}`]));
      m.customersEnd += Number(big(row[`paying${i}`]));
      m.new += big(row[`new${i}`]);
      m.newCustomers += Number(big(row[`newc${i}`]));
      m.reactivation += big(row[`react${i}`]);
      m.reactivatedCustomers += Number(big(row[`reactc${i}`]));
      m.expansion += big(row[`exp${i}`]);
      m.contraction += big(row[`con${i}`]);
      m.churn += big(row[`churn${i}`]);
      m.churnedCustomers += Number(big(row[`churnc${i}`]));
    }
  }
  const customers: CustomerCounts[] = months.map(() => ({ customersStart: 0, customersEnd: 0, newCustomers: 0, reactivatedCustomers: 0, churnedCustomers: 0 }));
  for (const row of overall) {
    for (let i = 1; i <= n; i++) {
      const c = customers[i - 1]!;
      c.customersStart += Number(big(row[`paying${i - 1}`]));
      c.customersEnd += Number(big(row[`paying${i}`]));
      c.newCustomers += Number(big(row[`newc${i}`]));
      c.reactivatedCustomers += Number(big(row[`reactc${i}`]));
      c.churnedCustomers += Number(big(row[`churnc${i}`]));
    }
    const k = Number(row.cohort);
    if (k >= 0) {
      // Paying at the end of the signup month k is boundary k + 1, and so on up to now.
      for (let j = k + 1; j <= n; j++) cohorts[k]!.active[j - k - 1]! += Number(big(row[`paying${j}`]));
    }
  }
  return { months, byCurrency, customers, cohorts };
}
