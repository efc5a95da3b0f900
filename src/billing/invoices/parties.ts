import type { Transaction } from 'sequelize';
import type { Customer } from '../../models/customer.js';
import type { InvoiceParty } from '../../models/invoice.js';
import { User } from '../../models/user.js';
import { getSetting } from '../../settings/index.js';

/** The seller as printed on documents, from the billing.seller setting. */
export async function sellerSnapshot(t?: Transaction): Promise<InvoiceParty> {
  const seller = await getSetting('billing.seller', { transaction: t });
  return { name: seller.name, addressLines: [...seller.addressLines], country: seller.country, taxId: seller.taxId, email: seller.email };
}

/** The buyer as printed on documents: company or person, billing address, tax id, frozen at issue. */
export async function buyerSnapshot(customer: Customer, t?: Transaction): Promise<InvoiceParty> {
  const user = customer.userId ? await User.findByPk(customer.userId, { attributes: ['id', 'email', 'firstName', 'lastName'], transaction: t }) : null;
  const person = [user?.firstName, user?.lastName].filter(Boolean).join(' ');
  return {
    name: customer.company || person || user?.email || `Customer ${customer.id}`,
    company: customer.company ?? null,
    contact: customer.company && person ? person : null,
    email: user?.email ?? null,
    line1: customer.billingLine1 ?? null,
    line2: customer.billingLine2 ?? null,
    city: customer.billingCity ?? null,
    region: customer.billingRegion ?? null,
    postalCode: customer.billingPostalCode ?? null,
    country: customer.billingCountry ?? null,
    taxId: customer.taxId ?? null,
    isBusiness: customer.isBusiness,
  };
}
