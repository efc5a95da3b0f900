// An independent model of the billing rules the scenarios check the engine against: it shares no
// code with src/billing (own rounding, calendar, tax and discount arithmetic), so a scenario that
// agrees with it agrees with the rules as written down, not with itself.
const DAY = 86_400_000;

/** a / b rounded half away from zero (b > 0). */
export function roundDiv(a: bigint, b: bigint): number {
  const q = (2n * (a < 0n ? -a : a) + b) / (2n * b);
  return Number(a < 0n ? -q : q);
}

/** `date` plus `months`, on `anchor` day clamped to the month's length, same time of day. */
export function addMonths(date: Date, months: number, anchor: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(anchor, last), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()));
}

/** Whole calendar days from a to b (UTC). */
export const days = (a: Date, b: Date): number => Math.floor(b.getTime() / DAY) - Math.floor(a.getTime() / DAY);

/** A line as the scenarios compare it: kind, description, quantity, entered unit, net amount, tax. */
export type Line = [string, string, number, number, number, number];

/** Net and tax of an entered amount at `rateBp`: exclusive adds tax on top, inclusive takes it out. */
export function tax(amount: number, rateBp: number, inclusive: boolean): { net: number; tax: number } {
  if (!inclusive) return { net: amount, tax: roundDiv(BigInt(amount) * BigInt(rateBp), 10_000n) };
  const net = roundDiv(BigInt(amount) * 10_000n, BigInt(10_000 + rateBp));
  return { net, tax: amount - net };
}

/** Lines with a percent coupon on the discountable ones (one discount line for all of them), taxed. */
export function invoice(items: Array<[string, string, number]>, opts: { rateBp: number; inclusive: boolean; couponCode?: string; percentBp?: number }): { lines: Line[]; total: number } {
  const raw: Array<[string, string, number]> = [...items];
  if (opts.couponCode && opts.percentBp) {
    const eligible = items.filter(([kind]) => ['plan', 'setup_fee', 'option', 'addon'].includes(kind)).reduce((n, [, , a]) => n + a, 0);
    const off = roundDiv(BigInt(eligible) * BigInt(opts.percentBp), 10_000n);
    if (off > 0) raw.push(['discount', `Discount ${opts.couponCode} (${opts.percentBp / 100}%)`, -off]);
  }
  const lines = raw.map(([kind, description, amount]): Line => {
    const t = tax(amount, opts.rateBp, opts.inclusive);
    return [kind, description, 1, amount, t.net, t.tax];
  });
  return { lines, total: lines.reduce((n, l) => n + l[4] + l[5], 0) };
}

/** Credit for the unused old price and charge for the new one from `at` to `end` of [start, end). */
export function prorate(oldPrice: number, newPrice: number, start: Date, end: Date, at: Date): { credit: number; charge: number } {
  const r = BigInt(days(at, end));
  const d = BigInt(days(start, end));
  const net = roundDiv(BigInt(newPrice - oldPrice) * r, d);
  const credit = -roundDiv(BigInt(oldPrice) * r, d);
  return { credit, charge: net - credit };
}

/** 2025-03-15 */
export const ymd = (d: Date): string => d.toISOString().slice(0, 10);
