import { randomUUID } from 'node:crypto';
import { clearTaxRateCache } from '../../../../src/billing/tax/load-tax-env.js';
import { clock } from '../../../../src/lib/clock.js';
import { type Ctx, systemCtx } from '../../../../src/lib/context.js';
import {
  type Addon, type ConfigOption, type Customer, Invoice, InvoiceLine, LedgerEntry, OutboxMessage, type Plan,
} from '../../../../src/models/index.js';
import type { BillingCycle } from '../../../../src/models/enums.js';
import { clearSettingsCache } from '../../../../src/settings/index.js';
import {
  createAddon, createAddonPrice, createConfigOption, createConfigOptionPrice, createPlan, createPlanAddon, createPlanConfigOption, createPlanPrice,
} from '../../../factories/catalog.js';
import { createStaff } from '../../../factories/identity.js';
import { resetDatabase } from '../../../support/db.js';

/** Empty database, no cached settings or tax rates, clock at `at`. */
export async function freshEngine(at = '2025-01-31T09:00:00.000Z'): Promise<void> {
  await resetDatabase();
  clearSettingsCache();
  clearTaxRateCache();
  clock.set(at);
}

/** A system context at the clock's now. */
export const sys = (): Ctx => systemCtx({ now: clock.now() });

/** A customer acting for themselves, at the clock's now. */
export const asCustomer = (customer: Customer): Ctx => ({ actor: { type: 'customer', userId: customer.userId, role: 'customer' }, now: clock.now(), requestId: randomUUID() });

/** A staff member (admin), at the clock's now. */
export async function asStaff(): Promise<Ctx> {
  const user = await createStaff('admin');
  return { actor: { type: 'staff', userId: user.id, role: 'admin' }, now: clock.now(), requestId: randomUUID() };
}

/** The error `promise` rejects with (fails when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the operation to fail, it succeeded');
}

const MONTHS: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };

/** A catalog: a VPS plan priced in USD and EUR for every cycle, extra RAM (2 GB included) and a backups add-on. */
export interface Catalog {
  readonly plan: Plan;
  readonly big: Plan;
  readonly ram: ConfigOption;
  readonly backups: Addon;
}

/**
 * Plans "small" (10.00 / month, setup 5.00) and "big" (25.00 / month), USD and EUR at the same
 * numbers, longer cycles at month x cycle; RAM 2.00 per GB above 2 GB; backups 3.00 per month.
 */
export async function createCatalog(attrs: { monthly?: number; bigMonthly?: number; setupFee?: number } = {}): Promise<Catalog> {
  const monthly = attrs.monthly ?? 1000;
  const plan = await createPlan({ name: 'VPS Small', slug: `vps-small-${randomUUID().slice(0, 8)}` }, 'noPrices');
  const big = await createPlan({ name: 'VPS Big', slug: `vps-big-${randomUUID().slice(0, 8)}` }, 'noPrices');
  const ram = await createConfigOption({ name: 'Extra RAM', min: 1, max: 64, defaultValue: 2 }, 'noPrices');
  const backups = await createAddon({ name: 'Backups' }, 'noPrices');
  for (const cycle of Object.keys(MONTHS) as BillingCycle[]) {
    for (const currency of ['USD', 'EUR'] as const) {
      await createPlanPrice({ plan, cycle, currency, amountMinor: monthly * MONTHS[cycle], setupFeeMinor: attrs.setupFee ?? 500 });
      await createPlanPrice({ plan: big, cycle, currency, amountMinor: (attrs.bigMonthly ?? 2500) * MONTHS[cycle] });
      await createConfigOptionPrice({ option: ram, cycle, currency, unitAmountMinor: 200 * MONTHS[cycle] });
      await createAddonPrice({ addon: backups, cycle, currency, amountMinor: 300 * MONTHS[cycle] });
    }
  }
  for (const p of [plan, big]) {
    await createPlanConfigOption({ plan: p, option: ram, includedQuantity: 2 });
    await createPlanAddon({ plan: p, addon: backups });
  }
  return { plan, big, ram, backups };
}

/** An invoice's lines as [kind, description, quantity, unit, amount, tax], in order. */
export async function linesOf(invoiceId: number): Promise<Array<[string, string, number, number, number, number]>> {
  const rows = await InvoiceLine.findAll({ where: { invoiceId }, order: [['position', 'ASC']] });
  return rows.map((l) => [l.kind, l.description, l.quantity, Number(l.unitAmountMinor), Number(l.amountMinor), Number(l.taxMinor)]);
}

/** An invoice's totals as stored. */
export async function totalsOf(invoiceId: number): Promise<{ status: string; subtotal: number; discount: number; tax: number; total: number; due: number }> {
  const i = await Invoice.findByPk(invoiceId, { rejectOnEmpty: true });
  return { status: i.status, subtotal: Number(i.subtotalMinor), discount: Number(i.discountMinor), tax: Number(i.taxMinor), total: Number(i.totalMinor), due: Number(i.amountDueMinor) };
}

/** A customer's ledger rows as [kind, invoiceId, amount], oldest first. */
export async function ledgerOf(customerId: number): Promise<Array<[string, number | null, number]>> {
  const rows = await LedgerEntry.findAll({ where: { customerId }, order: [['id', 'ASC']] });
  return rows.map((r) => [r.kind, r.invoiceId, Number(r.amountMinor)]);
}

/** Event topics written to the outbox, oldest first. */
export async function eventTopics(): Promise<string[]> {
  return (await OutboxMessage.findAll({ where: { channel: 'event' }, order: [['id', 'ASC']] })).map((m) => m.topic);
}
