import { randomUUID } from 'node:crypto';
import { clearTaxRateCache } from '../../../../src/billing/tax/load-tax-env.js';
import { createInvoice, type CreateInvoiceInput } from '../../../../src/billing/invoices/create-invoice.js';
import type { InvoiceLineSpec } from '../../../../src/billing/invoices/invoice-types.js';
import { clock } from '../../../../src/lib/clock.js';
import { type Ctx, systemCtx } from '../../../../src/lib/context.js';
import { type Customer, Invoice, LedgerEntry } from '../../../../src/models/index.js';
import { clearSettingsCache, setSetting } from '../../../../src/settings/index.js';
import { resetDatabase } from '../../../support/db.js';
import { createStaff } from '../../../factories/identity.js';

/** The day every billing test starts on (set on the clock). */
export const TODAY = '2025-03-10T12:00:00.000Z';

/** Empty database, no cached settings or rates, clock at TODAY. */
export async function freshBilling(): Promise<void> {
  await resetDatabase();
  clearSettingsCache();
  clearTaxRateCache();
  clock.set(TODAY);
}

/** A system context at the clock's now (jobs, webhooks). */
export function sys(): Ctx {
  return systemCtx({ now: clock.now() });
}

/** A staff context (an admin user) at the clock's now. */
export async function staff(): Promise<Ctx> {
  const user = await createStaff('finance');
  return { actor: { type: 'staff', userId: user.id, role: 'finance' }, now: clock.now(), requestId: randomUUID() };
}

/** Sets the seller printed on invoices (and whose country decides reverse charge). */
export async function useSeller(country: string, name = 'EZSCALE B.V.', taxId: string | null = 'NL123456789B01'): Promise<void> {
  await setSetting('billing.seller', { name, addressLines: ['Keizersgracht 1', '1015 CJ Amsterdam'], taxId, country, email: 'billing@ezscale.test' }, sys());
}

/** One manual line of `minor`. */
export function line(minor: number, extra: Partial<InvoiceLineSpec> = {}): InvoiceLineSpec {
  return { kind: 'manual', description: `Service ${minor}`, unitAmountMinor: minor, ...extra };
}

/** Issues an invoice of `lines` (or one line of `minor`) to a customer through createInvoice. */
export async function bill(customer: Customer, lines: number | InvoiceLineSpec[], extra: Partial<CreateInvoiceInput> = {}, ctx: Ctx = sys()): Promise<Invoice> {
  const spec = typeof lines === 'number' ? [line(lines)] : lines;
  return (await createInvoice({ customerId: customer.id, kind: 'manual', lines: spec, ...extra }, ctx)).invoice;
}

/** An invoice as stored now. */
export async function reloaded(invoiceId: number): Promise<Invoice> {
  return Invoice.findByPk(invoiceId, { rejectOnEmpty: true });
}

/** The invoice's ledger rows as [kind, amount], oldest first. */
export async function movements(invoiceId: number): Promise<Array<[string, number]>> {
  const rows = await LedgerEntry.findAll({ where: { invoiceId }, order: [['id', 'ASC']] });
  return rows.map((r) => [r.kind, Number(r.amountMinor)]);
}

/** A fresh idempotency key. */
export function key(prefix = 'test'): string {
  return `${prefix}:${randomUUID()}`;
}

/** The error `promise` rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the operation to fail, it succeeded');
}
