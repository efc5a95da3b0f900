/** UTC calendar helpers of analytics: month starts, day keys. */

/** YYYY-MM-DD of a UTC instant. */
export const dayKey = (d: Date): string => d.toISOString().slice(0, 10);

/** YYYY-MM of a UTC instant. */
export const monthKey = (d: Date): string => d.toISOString().slice(0, 7);

/** 00:00 UTC on the first of the month `offset` months after the month of `at`. */
export function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

/** 00:00 UTC of the day of `at`, shifted by `offset` days. */
export function dayStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + offset));
}

/** The last day (YYYY-MM-DD) covered by the half-open range ending at `end`. */
export const lastDayBefore = (end: Date): string => dayKey(new Date(end.getTime() - 1));

/** Reads a driver value (number, bigint, integer string, null) as a BigInt. */
export function big(value: unknown): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  if (typeof value === 'bigint') return value;
  const text = String(value).trim();
  const integral = /^-?\d+(?:\.0+)?$/.test(text) ? text.replace(/\.0+$/, '') : null;
  if (integral === null) throw new Error(`Not an integer from the database: ${text}`);
  return BigInt(integral);
}

/** `part / whole` in basis points, rounded half up; null when `whole` is 0. */
export function basisPoints(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  return Number((2n * part * 10_000n + whole) / (2n * whole));
}
