import { z } from 'zod';
import { forUpdate, inTransaction } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { NotFoundError } from '../lib/errors.js';
import { OFFERED_CURRENCIES } from '../models/enums.js';
import { Customer } from '../models/index.js';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || null);

/** The profile form: contact, billing address, tax id, currency and email preferences. */
export const customerProfileInput = z
  .object({
    company: text(160),
    phone: text(40),
    billingLine1: text(160),
    billingLine2: text(160),
    billingCity: text(100),
    billingRegion: text(100),
    billingPostalCode: text(20),
    billingCountry: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^([A-Z]{2})?$/, 'Use a two-letter country code')
      .transform((v) => v || null),
    taxId: text(40),
    currency: z.enum(OFFERED_CURRENCIES),
    emailPreferences: z.object({ marketing: z.boolean(), invoices: z.boolean(), serviceUpdates: z.boolean(), bandwidthAlerts: z.boolean() }).strict(),
  })
  .strict();

export type CustomerProfileInput = z.infer<typeof customerProfileInput>;

/** Updates the customer's own profile row with input parsed by `customerProfileInput` (only these columns change). */
export async function updateCustomerProfile(customerId: number, input: CustomerProfileInput, ctx: Ctx): Promise<Customer> {
  return inTransaction(ctx, async (t) => {
    const customer = await Customer.findByPk(customerId, forUpdate(t));
    if (!customer) throw new NotFoundError('customer_not_found', 'Not found');
    return customer.update({ ...input }, { transaction: t });
  });
}
