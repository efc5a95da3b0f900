import type { Transaction } from 'sequelize';
import { type TaxMode, type TaxTreatment, resolveTaxTreatment } from '../tax-math.js';
import { REVERSE_CHARGE_NOTE, TAX_EXEMPT_NOTE } from '../invoices/prepare-invoice.js';
import type { BillingTaxRate, InvoiceCustomerTax, TaxEnv } from '../invoices/invoice-types.js';
import { loadTaxEnv } from './load-tax-env.js';

/** How a customer is taxed at a date, with what the invoice must say. */
export interface CustomerTax {
  readonly treatment: TaxTreatment;
  /** The rate charged (standard treatment only). */
  readonly rate: BillingTaxRate | null;
  /** The mode the customer's invoices use: the setting, or inclusive when their rate says so. */
  readonly taxMode: TaxMode;
  readonly note: string | null;
  readonly env: TaxEnv;
}

/** The customer's tax identity as a Customer row holds it. */
export interface CustomerTaxFields {
  readonly billingCountry: string | null;
  readonly billingRegion?: string | null;
  readonly taxExempt: boolean;
  readonly isBusiness: boolean;
  readonly taxId?: string | null;
}

/** Maps Customer columns to the invoice's customer tax identity. */
export function customerTaxOf(customer: CustomerTaxFields): InvoiceCustomerTax {
  return {
    country: customer.billingCountry,
    region: customer.billingRegion ?? null,
    taxExempt: customer.taxExempt,
    isBusiness: customer.isBusiness,
    taxId: customer.taxId ?? null,
  };
}

/** Resolves exempt / EU reverse charge / regional or national rate / none for a customer at `at` (rates cached briefly). */
export async function resolveTaxForCustomer(customer: CustomerTaxFields, at: Date, t?: Transaction): Promise<CustomerTax> {
  const env = await loadTaxEnv(at, t);
  const treatment = resolveTaxTreatment({
    sellerCountry: env.sellerCountry,
    customerCountry: customer.billingCountry ?? '',
    customerRegion: customer.billingRegion ?? null,
    customerIsBusiness: customer.isBusiness,
    customerVatId: customer.taxId ?? null,
    customerTaxExempt: customer.taxExempt,
    rates: env.rates,
  });
  const rate = treatment.kind === 'standard' ? (treatment.rate as BillingTaxRate) : null;
  return {
    treatment,
    rate,
    taxMode: env.taxMode === 'inclusive' || rate?.inclusive === true ? 'inclusive' : 'exclusive',
    note: treatment.kind === 'reverse_charge' ? REVERSE_CHARGE_NOTE : treatment.kind === 'exempt' ? TAX_EXEMPT_NOTE : null,
    env,
  };
}
