import { Op, QueryTypes, type Transaction } from 'sequelize';
import { config } from '../../../config/index.js';
import { isSqlite, sequelize } from '../../db/sequelize.js';
import type { CurrencyCode } from '../../models/enums.js';
import { FxRate } from '../../models/fx-rate.js';
import type { InvoiceParty } from '../../models/invoice.js';
import type { InvoiceCustomerTax } from '../invoices/invoice-types.js';
import { toMinor } from '../money.js';

/** A customer as a renewal batch needs it: tax identity, the buyer printed on the invoice, credit. */
export interface RenewalCustomer {
  readonly id: number;
  readonly currency: CurrencyCode | null;
  readonly creditBalanceMinor: number;
  readonly tax: InvoiceCustomerTax;
  readonly buyer: InvoiceParty;
}

type Raw = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** The buyer snapshot exactly as `buyerSnapshot` (invoices/parties.ts) builds it, from already loaded rows. */
export function buyerOf(c: Raw, user: Raw | undefined): InvoiceParty {
  const company = str(c.company);
  const person = [str(user?.first_name), str(user?.last_name)].filter(Boolean).join(' ');
  return {
    name: company || person || str(user?.email) || `Customer ${Number(c.id)}`,
    company,
    contact: company && person ? person : null,
    email: str(user?.email),
    line1: str(c.billing_line1),
    line2: str(c.billing_line2),
    city: str(c.billing_city),
    region: str(c.billing_region),
    postalCode: str(c.billing_postal_code),
    country: str(c.billing_country),
    taxId: str(c.tax_id),
    isBusiness: Boolean(Number(c.is_business)),
  };
}

/** Loads the customers of a batch and their users in two queries. */
export async function loadRenewalCustomers(customerIds: readonly number[], t: Transaction): Promise<Map<number, RenewalCustomer>> {
  const result = new Map<number, RenewalCustomer>();
  const ids = [...new Set(customerIds)].map(Number);
  if (ids.length === 0) return result;
  const s = sequelize();
  const customers = await s.query<Raw>(
    'SELECT id, user_id, company, billing_line1, billing_line2, billing_city, billing_region, billing_postal_code, billing_country, ' +
      `tax_id, tax_exempt, is_business, currency, credit_balance_minor FROM customers WHERE id IN (${ids.join(', ')})`,
    { type: QueryTypes.SELECT, transaction: t },
  );
  const userIds = [...new Set(customers.map((c) => Number(c.user_id)).filter((id) => id > 0))];
  const users = userIds.length
    ? await s.query<Raw>(`SELECT id, email, first_name, last_name FROM users WHERE id IN (${userIds.join(', ')})`, { type: QueryTypes.SELECT, transaction: t })
    : [];
  const userById = new Map(users.map((u) => [Number(u.id), u]));
  for (const c of customers) {
    result.set(Number(c.id), {
      id: Number(c.id),
      currency: (str(c.currency) as CurrencyCode | null) ?? null,
      creditBalanceMinor: toMinor(c.credit_balance_minor),
      tax: { country: str(c.billing_country), region: str(c.billing_region), taxExempt: Boolean(Number(c.tax_exempt)), isBusiness: Boolean(Number(c.is_business)), taxId: str(c.tax_id) },
      buyer: buyerOf(c, userById.get(Number(c.user_id))),
    });
  }
  return result;
}

/** Re-reads the credit of these customers under row locks (MySQL/MariaDB) before it is spent. */
export async function lockCustomerCredit(customerIds: readonly number[], t: Transaction): Promise<Map<number, number>> {
  const ids = [...new Set(customerIds)].map(Number);
  if (ids.length === 0) return new Map();
  const rows = await sequelize().query<Raw>(
    `SELECT id, credit_balance_minor FROM customers WHERE id IN (${ids.join(', ')}) ORDER BY id${isSqlite() ? '' : ' FOR UPDATE'}`,
    { type: QueryTypes.SELECT, transaction: t },
  );
  return new Map(rows.map((r) => [Number(r.id), toMinor(r.credit_balance_minor)]));
}

/** Each currency's rate to the base currency on `at` (x 1,000,000), as issuing an invoice freezes it. */
export async function fxRatesOn(currencies: Iterable<CurrencyCode>, at: Date, t?: Transaction): Promise<Map<CurrencyCode, number | null>> {
  const base = config().baseCurrency;
  const rates = new Map<CurrencyCode, number | null>();
  for (const currency of new Set(currencies)) {
    if (currency === base) {
      rates.set(currency, 1_000_000);
      continue;
    }
    const rate = await FxRate.findOne({
      where: { base: currency, quote: base, effectiveOn: { [Op.lte]: at.toISOString().slice(0, 10) } },
      order: [['effectiveOn', 'DESC']],
      transaction: t,
    });
    rates.set(currency, rate ? Number(rate.rateMicros) : null);
  }
  return rates;
}
