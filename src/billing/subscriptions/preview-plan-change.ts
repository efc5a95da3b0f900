import type { Transaction } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Customer } from '../../models/customer.js';
import type { BillingCycle } from '../../models/enums.js';
import { Invoice } from '../../models/invoice.js';
import { Subscription } from '../../models/subscription.js';
import { getSetting } from '../../settings/index.js';
import { type Configuration, recurringTotal } from '../catalog/configuration.js';
import { resolveConfiguration } from '../catalog/resolve-configuration.js';
import type { InvoiceLineSpec, PreparedInvoice } from '../invoices/invoice-types.js';
import { prepareInvoice } from '../invoices/prepare-invoice.js';
import { periodEnd, type Period } from '../periods.js';
import { renewalKey } from '../renewals/renewal-subject.js';
import { loadTaxEnv } from '../tax/load-tax-env.js';
import { customerTaxOf } from '../tax/resolve-tax-for-customer.js';
import { loadCurrentConfiguration, offeredOn } from './current-configuration.js';
import { toWholeSecond } from './lifecycle.js';
import { type ChangeDirection, planChangeLines } from './plan-change-math.js';

/** What the customer asks for: another plan, another cycle, other option values, other add-ons (any combination). */
export interface PlanChangeInput {
  readonly subscriptionId: number;
  readonly newPlanId?: number | null;
  readonly newCycle?: BillingCycle | null;
  readonly options?: Readonly<Record<string, number | string>>;
  /** Every add-on code wanted after the change (add-ons the plan includes come anyway); absent keeps the current ones. */
  readonly addons?: readonly string[];
}

/** What a change would do, to the cent, before it is made. */
export interface PlanChangePreview {
  readonly subscriptionId: number;
  readonly direction: ChangeDirection;
  /** Downgrades wait for the period end when billing.downgrade_timing says so. */
  readonly timing: 'now' | 'period_end';
  readonly current: Configuration;
  readonly next: Configuration;
  readonly lines: InvoiceLineSpec[];
  /** The proration invoice as it would be issued (tax included), or null when nothing is billed now. */
  readonly invoice: PreparedInvoice | null;
  /** invoice: a proration invoice is issued; credit: the customer gets account credit; none; scheduled. */
  readonly outcome: 'invoice' | 'credit' | 'none' | 'scheduled';
  /** Invoice total, or the credit granted (positive), in minor units. */
  readonly amountMinor: number;
  readonly newPeriod: Period | null;
}

async function nextConfiguration(subscription: Subscription, input: PlanChangeInput, current: Awaited<ReturnType<typeof loadCurrentConfiguration>>, t?: Transaction): Promise<Configuration> {
  const planId = input.newPlanId ?? subscription.planId;
  const cycle = input.newCycle ?? subscription.cycle;
  const currency = subscription.currency;
  if (planId !== subscription.planId || cycle !== subscription.cycle) {
    const kept = await offeredOn(planId, current.options, current.addons, t);
    return (await resolveConfiguration({ planId, cycle, currency, options: { ...kept.options, ...input.options }, addons: input.addons ?? kept.addons }, { transaction: t })).config;
  }
  // NOTE: the same plan and cycle keep their locked prices, and the add-ons the subscription keeps stay even when they
  // are no longer sold; only what changes is priced from today's list.
  const locked = current.config;
  const wanted = input.addons ?? current.addons;
  const keptIds = wanted.map((code) => current.addonIds[code]).filter((id): id is number => id !== undefined);
  const added = wanted.filter((code) => current.addonIds[code] === undefined);
  const { config } = await resolveConfiguration({ planId, cycle, currency, options: { ...current.options, ...input.options }, addons: added }, { transaction: t });
  return {
    ...config,
    priceMinor: locked.priceMinor,
    options: config.options.map((o) => ({ ...o, unitPriceMinor: locked.options.find((l) => l.optionId === o.optionId)?.unitPriceMinor ?? o.unitPriceMinor })),
    addons: [...locked.addons.filter((a) => keptIds.includes(a.addonId)), ...config.addons.filter((a) => !keptIds.includes(a.addonId))],
  };
}

/** Previews a plan, cycle, option or add-on change of an active subscription at `at`: the exact lines and totals, or the schedule. */
export async function previewPlanChange(input: PlanChangeInput, at: Date, ctx?: Pick<Ctx, 'transaction'>): Promise<PlanChangePreview> {
  const t = ctx?.transaction;
  const subscription = await Subscription.findByPk(input.subscriptionId, { transaction: t });
  if (!subscription) throw new NotFoundError('subscription_not_found', `Subscription ${input.subscriptionId} not found`);
  if (subscription.status !== 'active' || subscription.cancelAtPeriodEnd || !subscription.currentPeriodStart || !subscription.currentPeriodEnd) {
    throw new ConflictError('invalid_transition', `Subscription ${subscription.id} is ${subscription.cancelAtPeriodEnd ? 'cancelling' : subscription.status}; only an active subscription can change plan`, { from: subscription.status });
  }
  const current = await loadCurrentConfiguration(subscription, t);
  const next = await nextConfiguration(subscription, input, current, t);
  const planOrCycle = next.plan.id !== current.config.plan.id || next.cycle !== current.config.cycle;
  const addonIds = (c: Configuration) => c.addons.map((a) => a.addonId).sort((a, b) => a - b).join(',');
  if (!planOrCycle && recurringTotal(next).minor === recurringTotal(current.config).minor && JSON.stringify(next.options) === JSON.stringify(current.config.options) && addonIds(next) === addonIds(current.config)) {
    throw new ValidationError('plan_change_noop', 'Nothing would change');
  }
  const math = planChangeLines({ subscriptionId: subscription.id, current: current.config, next, periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd, at: toWholeSecond(at) });
  const timing = planOrCycle && math.direction === 'downgrade' && (await getSetting('billing.downgrade_timing')) === 'period_end' ? 'period_end' : 'now';
  const base = { subscriptionId: subscription.id, direction: math.direction, timing, current: current.config, next } as const;
  if (timing === 'period_end') return { ...base, lines: [], invoice: null, outcome: 'scheduled', amountMinor: 0, newPeriod: null };
  const renewal = await Invoice.findOne({ where: { idempotencyKey: renewalKey(subscription.id, subscription.currentPeriodEnd) }, transaction: t });
  const nextPeriodInvoiced = renewal != null && renewal.status !== 'void';
  if (nextPeriodInvoiced && math.cycleChange) {
    throw new ConflictError('renewal_already_issued', 'The next period is already invoiced; change the billing cycle after it starts');
  }
  const { lines, newPeriod } = nextPeriodInvoiced
    ? planChangeLines({ subscriptionId: subscription.id, current: current.config, next, periodStart: subscription.currentPeriodStart, periodEnd: subscription.currentPeriodEnd, at: toWholeSecond(at), nextPeriodInvoiced, nextPeriodEnd: renewal?.periodEnd ?? periodEnd(subscription.currentPeriodEnd, subscription.cycle, subscription.anchorDay) })
    : math;
  if (lines.length === 0) return { ...base, lines, invoice: null, outcome: 'none', amountMinor: 0, newPeriod };
  const customer = await Customer.findByPk(subscription.customerId, { transaction: t });
  if (!customer) throw new NotFoundError('customer_not_found', `Customer ${subscription.customerId} not found`);
  const invoice = prepareInvoice({ customer: customerTaxOf(customer), currency: subscription.currency, kind: 'proration', lines }, await loadTaxEnv(at));
  const outcome = invoice.totalMinor > 0 ? 'invoice' : invoice.totalMinor < 0 ? 'credit' : 'none';
  return { ...base, lines, invoice, outcome, amountMinor: Math.abs(invoice.totalMinor), newPeriod };
}
