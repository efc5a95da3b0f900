import type { CurrencyCode } from '../money.js';
import type { TaxMode, TaxRate } from '../tax-math.js';
import type { InvoiceKind, InvoiceLineKind } from '../../models/enums.js';

/** A configured tax rate as billing uses it: tax-math's rate plus its "prices include tax" flag. */
export interface BillingTaxRate extends TaxRate {
  readonly inclusive?: boolean;
}

/** What is shared by every invoice of a run: the tax mode setting, active rates, seller country. */
export interface TaxEnv {
  readonly taxMode: TaxMode;
  readonly rates: readonly BillingTaxRate[];
  readonly sellerCountry: string;
}

/** The customer's tax identity (billing address country/region, exemption, business VAT id). */
export interface InvoiceCustomerTax {
  readonly country: string | null;
  readonly region?: string | null;
  readonly taxExempt: boolean;
  readonly isBusiness: boolean;
  readonly taxId?: string | null;
}

/** One charge or credit on an invoice, before tax and discounts. */
export interface InvoiceLineSpec {
  readonly kind: Exclude<InvoiceLineKind, 'discount'>;
  readonly description: string;
  /** Whole units, default 1. */
  readonly quantity?: number;
  /** Signed minor units; negative only for credit, proration and manual lines. */
  readonly unitAmountMinor: number;
  readonly planId?: number | null;
  readonly planType?: string | null;
  readonly subscriptionId?: number | null;
  readonly periodStart?: Date | null;
  readonly periodEnd?: Date | null;
  /** false for an untaxed line (a plan marked not taxable, a staff line marked untaxed); default true. */
  readonly taxable?: boolean;
}

/** A coupon as the invoice needs it (see `toInvoiceCoupon` in src/billing/coupons). */
export interface InvoiceCouponSpec {
  readonly id?: number | null;
  readonly code: string;
  readonly kind: 'percent' | 'fixed';
  readonly percentBp?: number | null;
  /** Fixed coupons: amount per currency in minor units. */
  readonly amounts?: Readonly<Partial<Record<CurrencyCode, number>>> | null;
  /** null = every plan. */
  readonly planIds?: readonly number[] | null;
  /** null = every plan type. */
  readonly planTypes?: readonly string[] | null;
}

/** Input of `prepareInvoice`. */
export interface InvoiceSpec {
  readonly customer: InvoiceCustomerTax;
  readonly currency: CurrencyCode;
  readonly kind: InvoiceKind;
  readonly lines: readonly InvoiceLineSpec[];
  readonly coupon?: InvoiceCouponSpec | null;
}

/** An invoice_lines row, ready to insert (camelCase model attributes, without invoiceId). */
export interface PreparedLine {
  position: number;
  kind: InvoiceLineKind;
  description: string;
  quantity: number;
  /** The price as entered (tax included when the invoice is tax-inclusive). */
  unitAmountMinor: number;
  /** Signed net amount before tax (unit x quantity, less the tax when prices include it). */
  amountMinor: number;
  /** The coupon's share on this item line (positive), shown for reference; the discount itself is a discount line. */
  discountMinor: number;
  taxRateBp: number;
  taxMinor: number;
  taxRateId: number | null;
  /** false when the line is never taxed (a staff line marked untaxed, a plan that is not taxable). */
  taxable: boolean;
  subscriptionId: number | null;
  planId: number | null;
  couponId: number | null;
  periodStart: Date | null;
  periodEnd: Date | null;
}

/** An invoice_taxes row (one per rate), ready to insert without invoiceId. */
export interface PreparedTax {
  taxRateId: number | null;
  name: string;
  country: string;
  region: string | null;
  rateBp: number;
  taxableMinor: number;
  taxMinor: number;
}

/** The output of `prepareInvoice`: rows and totals; total === sum of line gross amounts. */
export interface PreparedInvoice {
  currency: CurrencyCode;
  kind: InvoiceKind;
  treatment: 'standard' | 'exempt' | 'reverse_charge' | 'none';
  taxInclusive: boolean;
  reverseCharge: boolean;
  /** Text the invoice must carry (reverse charge, exemption), or null. */
  notes: string | null;
  lines: PreparedLine[];
  taxes: PreparedTax[];
  /** Net of item lines. */
  subtotalMinor: number;
  /** Net of discount lines, as a positive number. */
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** The coupon's value as entered on the lines (gross in inclusive mode), positive; for the redemption row. */
  couponDiscountMinor: number;
}
