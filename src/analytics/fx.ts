// NOTE: Conversion rule of analytics. An amount in a billing currency becomes the base currency at
// the rate effective on the day (the newest fx_rates row with effective_on <= day). Rates are stored
// as integers (rate_micros = units of the quote currency per unit of the base currency x 1,000,000),
// so a conversion is one exact fraction of integers, rounded ONCE, half away from zero
// (`divideRounded` of src/billing/money.ts). A total is converted once per currency (never line by
// line), and a row for the opposite pair is used inverted when the direct pair has none.
import { QueryTypes } from 'sequelize';
import { sequelize } from '../db/sequelize.js';
import { CURRENCIES, divideRounded, type CurrencyCode } from '../billing/money.js';

/** One rate: amount_in_`to` = amount_in_`from` x num / den (major units). */
interface Rate {
  day: string;
  num: bigint;
  den: bigint;
}

const MICROS = 1_000_000n;

/** Every rate between the base currency and the others, in day order, to convert many amounts without a query each. */
export class FxTable {
  private constructor(
    readonly base: CurrencyCode,
    private readonly rates: Map<string, Rate[]>,
  ) {}

  /** Reads every fx_rates row that involves `base` (the table holds a few rows a day at most). */
  static async load(base: CurrencyCode): Promise<FxTable> {
    const rows = await sequelize().query<{ base: string; quote: string; rate_micros: number | string; effective_on: string | Date }>(
      'SELECT base, quote, rate_micros, CAST(effective_on AS CHAR) AS effective_on FROM fx_rates WHERE base = :base OR quote = :base ORDER BY effective_on',
      { replacements: { base }, type: QueryTypes.SELECT },
    );
    const rates = new Map<string, Rate[]>();
    for (const row of rows) {
      const day = typeof row.effective_on === 'string' ? row.effective_on.slice(0, 10) : row.effective_on.toISOString().slice(0, 10);
      const micros = BigInt(row.rate_micros);
      // Direct pair (from = billing currency, quote = base): base = amount x micros / 1e6; the inverse divides.
      const from = row.quote === base ? row.base : row.quote;
      const rate: Rate = row.quote === base ? { day, num: micros, den: MICROS } : { day, num: MICROS, den: micros };
      const list = rates.get(from) ?? [];
      // NOTE: on a day with both directions recorded, the direct pair wins (it is what invoices freeze).
      const same = list.findIndex((r) => r.day === day);
      if (same === -1) list.push(rate);
      else if (row.quote === base) list[same] = rate;
      rates.set(from, list);
    }
    return new FxTable(base, rates);
  }

  /** Whether an amount in `currency` can be converted on `day`. */
  has(currency: CurrencyCode, day: string): boolean {
    return currency === this.base || this.rateOn(currency, day) !== null;
  }

  private rateOn(currency: CurrencyCode, day: string): Rate | null {
    const list = this.rates.get(currency);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    let found: Rate | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.day <= day) {
        found = list[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * `numerator / divisor` minor units of `currency` in base minor units on `day`, rounded once
   * (divisor 12 turns an annual figure into a monthly one in the same rounding). Null without a rate.
   */
  convert(numerator: bigint, currency: CurrencyCode, day: string, divisor = 1n): bigint | null {
    const scale = (c: CurrencyCode) => 10n ** BigInt(CURRENCIES[c].exponent);
    if (currency === this.base) return divideRounded(numerator, divisor);
    const rate = this.rateOn(currency, day);
    if (!rate) return null;
    return divideRounded(numerator * rate.num * scale(this.base), divisor * rate.den * scale(currency));
  }
}
