// NOTE: Tax is computed and rounded once per line (half away from zero, the money module's rule):
//   exclusive: the line is net;   tax = round(amount * rate / 10000), gross = amount + tax
//   inclusive: the line is gross; net = round(amount * 10000 / (10000 + rate)), tax = amount - net
// An invoice's tax is the sum of its lines' taxes, never recomputed on the total. Negative lines
// (credits, discounts) are taxed symmetrically, so they cancel their positive lines exactly; where
// per-line rounding would give back more tax than was charged, totals.ts caps the negative lines' tax.
import { ValidationError } from '../lib/errors.js';
import { type Money, BASIS_POINTS, add, assertSafeInteger, percentOf, ratio, subtract } from './money.js';

/** Whether line amounts exclude tax (added on top) or include it. */
export type TaxMode = 'exclusive' | 'inclusive';

/** A configured tax rate; `region` (a state or province) is optional. */
export interface TaxRate {
  readonly id?: string | number;
  readonly name: string;
  readonly country: string;
  readonly region?: string | null;
  readonly rateBp: number;
}

/** A line's amount split into net, tax and gross. */
export interface LineTax {
  readonly net: Money;
  readonly tax: Money;
  readonly gross: Money;
}

/** How a customer is taxed; `rate` is set for `standard` only. */
export type TaxTreatment =
  | { readonly kind: 'exempt' }
  | { readonly kind: 'reverse_charge' }
  | { readonly kind: 'none' }
  | { readonly kind: 'standard'; readonly rate: TaxRate };

/** Who sells and who buys, with the configured rates. */
export interface TaxTreatmentInput {
  readonly sellerCountry: string;
  readonly customerCountry: string;
  readonly customerRegion?: string | null;
  readonly customerIsBusiness: boolean;
  readonly customerVatId?: string | null;
  readonly customerTaxExempt: boolean;
  readonly rates: readonly TaxRate[];
}

/** EU member states (ISO 3166-1 alpha-2; Greece is GR here even though its VAT prefix is EL). */
export const EU_MEMBER_STATES: readonly string[] = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
];

const normalize = (code: string | null | undefined): string => (code ?? '').trim().toUpperCase();

/** Whether a country code is an EU member state. */
export function isEuMember(country: string): boolean {
  return EU_MEMBER_STATES.includes(normalize(country));
}

/** Throws unless `rateBp` is a whole number of basis points from 0 to 10000 (100%). */
export function assertRate(rateBp: number): number {
  assertSafeInteger(rateBp, 'Tax rate (basis points)');
  if (rateBp < 0 || rateBp > BASIS_POINTS) {
    throw new ValidationError('tax_invalid_rate', `Tax rate must be 0 to ${BASIS_POINTS} basis points, got ${rateBp}`);
  }
  return rateBp;
}

/** Tax of one line at `rateBp` under `mode`, rounded per line. */
export function taxForLine(amount: Money, rateBp: number, mode: TaxMode): LineTax {
  assertRate(rateBp);
  if (mode === 'exclusive') {
    const tax = percentOf(amount, rateBp);
    return { net: amount, tax, gross: add(amount, tax) };
  }
  if (mode === 'inclusive') {
    const net = ratio(amount, BASIS_POINTS, BASIS_POINTS + rateBp);
    return { net, tax: subtract(amount, net), gross: amount };
  }
  throw new ValidationError('tax_invalid_mode', `Unknown tax mode: ${String(mode)}`);
}

/** Taxes of many lines (a null rate means untaxed), one result per line. */
export function taxLines(lines: readonly { amount: Money; rateBp: number | null }[], mode: TaxMode): LineTax[] {
  return lines.map((line) => taxForLine(line.amount, line.rateBp ?? 0, mode));
}

/** The configured rate for a country and region: a region-specific rate beats the country-wide one. */
export function findTaxRate(rates: readonly TaxRate[], country: string, region?: string | null): TaxRate | undefined {
  const inCountry = rates.filter((r) => normalize(r.country) === normalize(country));
  const regional = normalize(region) ? inCountry.find((r) => normalize(r.region) === normalize(region)) : undefined;
  return regional ?? inCountry.find((r) => !normalize(r.region));
}

/** Decides how a customer is taxed: exempt, EU reverse charge, the configured rate, or none. */
export function resolveTaxTreatment(input: TaxTreatmentInput): TaxTreatment {
  if (input.customerTaxExempt) return { kind: 'exempt' };
  const customerCountry = normalize(input.customerCountry);
  // NOTE: EU reverse charge: a business customer with a VAT number in an EU member state other than
  // the seller's accounts for the VAT itself, so we charge none (the invoice must say so). Validating
  // the VAT number (VIES) happens when the customer saves it, not here.
  if (
    input.customerIsBusiness &&
    normalize(input.customerVatId) !== '' &&
    isEuMember(customerCountry) &&
    customerCountry !== normalize(input.sellerCountry)
  ) {
    return { kind: 'reverse_charge' };
  }
  const rate = findTaxRate(input.rates, customerCountry, input.customerRegion);
  if (!rate) return { kind: 'none' };
  assertRate(rate.rateBp);
  return { kind: 'standard', rate };
}
