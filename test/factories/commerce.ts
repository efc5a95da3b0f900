import type { CreationAttributes } from 'sequelize';
import { addCycles, periodEnd } from '../../src/billing/periods.js';
import { clock } from '../../src/lib/clock.js';
import { encryptSecret } from '../../src/lib/crypto.js';
import {
  Order,
  OrderItem,
  Plan,
  PlanPrice,
  ProvisioningLog,
  ProvisioningTask,
  Service,
  Subscription,
  SubscriptionAddon,
  SubscriptionOption,
  WaitlistEntry,
  type Addon,
  type ConfigOption,
  type Coupon,
  type Customer,
} from '../../src/models/index.js';
import type { BillingCycle, CurrencyCode, OrderStatus, ServiceStatus, SubscriptionStatus, WaitlistStatus } from '../../src/models/enums.js';
import { createAddon, createConfigOption, createCoupon, createPlan } from './catalog.js';
import { createCustomer } from './identity.js';

let seq = 0;
const unique = (): string => `${process.pid}-${++seq}`;
const DAY = 86_400_000;

/** The customer's currency, or USD. */
const currencyOf = (customer: Customer): CurrencyCode => customer.currency ?? 'USD';

/** The plan's price for a cycle and currency (a row of `plan_prices`), or `fallback` when there is none. */
async function priceOf(plan: Plan, cycle: BillingCycle, currency: CurrencyCode, fallback = 1000): Promise<{ amountMinor: number; setupFeeMinor: number }> {
  const price = await PlanPrice.findOne({ where: { planId: plan.id, cycle, currency } });
  return { amountMinor: price?.amountMinor ?? fallback, setupFeeMinor: price?.setupFeeMinor ?? 0 };
}

export type OrderTrait = 'pendingReview' | 'approved' | 'rejected' | 'completed' | 'cancelled' | 'fraud' | 'withCoupon';
export type OrderAttrs = Partial<CreationAttributes<Order>> & { customer?: Customer; plan?: Plan; cycle?: BillingCycle; coupon?: Coupon };

const ORDER_STATUS: Partial<Record<OrderTrait, OrderStatus>> = {
  pendingReview: 'pending_review',
  approved: 'approved',
  rejected: 'rejected',
  completed: 'completed',
  cancelled: 'cancelled',
  fraud: 'fraud',
};

/**
 * A pending order of one `plan` (monthly unless `cycle`) in the customer's currency, with its item on `order.items` and
 * totals from the plan's price. Traits: 'pendingReview', 'approved', 'rejected', 'completed', 'cancelled', 'fraud'
 * (reviewed ones carry a reason), 'withCoupon' (a 10 % coupon, discount on the totals).
 */
export async function createOrder(attrs: OrderAttrs = {}, ...traits: OrderTrait[]): Promise<Order> {
  const { customer: givenCustomer, plan: givenPlan, cycle = 'monthly', coupon: givenCoupon, ...rest } = attrs;
  const has = (t: OrderTrait) => traits.includes(t);
  const customer = givenCustomer ?? (await createCustomer());
  const plan = givenPlan ?? (await createPlan());
  const currency = rest.currency ?? currencyOf(customer);
  const { amountMinor, setupFeeMinor } = await priceOf(plan, cycle, currency);
  const coupon = givenCoupon ?? (has('withCoupon') ? await createCoupon() : undefined);
  const subtotal = amountMinor + setupFeeMinor;
  const discount = coupon?.percentBp ? Math.floor((amountMinor * coupon.percentBp) / 10_000) : 0;
  const status = traits.map((t) => ORDER_STATUS[t]).find(Boolean) ?? 'pending';
  const now = clock.now();
  const reviewed = status === 'approved' || status === 'rejected' || status === 'fraud';
  const order = await Order.create({
    number: `ORD-${unique()}`,
    customerId: customer.id,
    status,
    currency,
    subtotalMinor: subtotal,
    discountMinor: discount,
    totalMinor: subtotal - discount,
    couponId: coupon?.id ?? null,
    ip: '203.0.113.10',
    country: customer.billingCountry ?? 'US',
    ...(status === 'pending_review' ? { reviewReason: 'Plan requires review' } : {}),
    ...(reviewed ? { reviewedAt: now } : {}),
    ...(status === 'rejected' || status === 'fraud' ? { rejectionReason: status === 'fraud' ? 'Stolen card' : 'Out of stock' } : {}),
    ...(status === 'completed' ? { completedAt: now } : {}),
    ...(status === 'cancelled' ? { cancelledAt: now } : {}),
    ...rest,
  });
  order.items = [await createOrderItem({ order, plan, cycle, amountMinor, setupFeeMinor, discountMinor: discount })];
  return order;
}

/** A line of `order` buying `plan` (both created when not given). */
export async function createOrderItem(attrs: Partial<CreationAttributes<OrderItem>> & { order?: Order; plan?: Plan } = {}): Promise<OrderItem> {
  const { order, plan, ...rest } = attrs;
  const orderId = rest.orderId ?? (order ?? (await createOrder())).id;
  const planId = rest.planId ?? (plan ?? (await createPlan())).id;
  return OrderItem.create({ cycle: 'monthly', amountMinor: 1000, options: { os: 'debian-12', location: 'NYC1', hostname: `srv-${unique()}.example.test` }, ...rest, orderId, planId });
}

export type WaitlistTrait = 'notified' | 'fulfilled' | 'cancelled';

/** A customer waiting for a plan (sold out unless given). Traits: 'notified', 'fulfilled', 'cancelled'. */
export async function createWaitlistEntry(
  attrs: Partial<CreationAttributes<WaitlistEntry>> & { plan?: Plan; customer?: Customer } = {},
  ...traits: WaitlistTrait[]
): Promise<WaitlistEntry> {
  const { plan, customer, ...rest } = attrs;
  const planId = rest.planId ?? (plan ?? (await createPlan({}, 'dedicated', 'soldOut'))).id;
  const customerId = rest.customerId ?? (customer ?? (await createCustomer())).id;
  const now = clock.now();
  const status: WaitlistStatus = traits.find((t) => t !== undefined) ?? 'waiting';
  return WaitlistEntry.create({
    status,
    ...(status !== 'waiting' && status !== 'cancelled' ? { notifiedAt: now } : {}),
    ...(status === 'fulfilled' ? { fulfilledAt: now } : {}),
    ...(status === 'cancelled' ? { cancelledAt: now } : {}),
    ...rest,
    planId,
    customerId,
  });
}

export type SubscriptionTrait = 'pending' | 'active' | 'pastDue' | 'suspended' | 'terminated' | 'cancelled' | 'cancelAtPeriodEnd' | 'dueForRenewal' | 'exempt';
export type SubscriptionAttrs = Partial<CreationAttributes<Subscription>> & { plan?: Plan; customer?: Customer; coupon?: Coupon };

const SUBSCRIPTION_STATUS: Partial<Record<SubscriptionTrait, SubscriptionStatus>> = {
  pending: 'pending',
  active: 'active',
  pastDue: 'past_due',
  suspended: 'suspended',
  terminated: 'terminated',
  cancelled: 'cancelled',
};

/**
 * A subscription of `customer` to `plan` (both created when not given), active by default, in the customer's
 * currency at the plan's price, its current period starting now (anchored to today). Traits: 'pending', 'active',
 * 'pastDue', 'suspended', 'terminated', 'cancelled', 'cancelAtPeriodEnd', 'dueForRenewal' (the period ends now),
 * 'exempt' (suspension exempt). `coupon` attaches a coupon with its periods.
 */
export async function createSubscription(attrs: SubscriptionAttrs = {}, ...traits: SubscriptionTrait[]): Promise<Subscription> {
  const { plan: givenPlan, customer: givenCustomer, coupon, ...rest } = attrs;
  const has = (t: SubscriptionTrait) => traits.includes(t);
  const customer = givenCustomer ?? (await createCustomer());
  const plan = givenPlan ?? (await createPlan());
  const cycle = rest.cycle ?? 'monthly';
  const currency = rest.currency ?? currencyOf(customer);
  const status = traits.map((t) => SUBSCRIPTION_STATUS[t]).find(Boolean) ?? 'active';
  const now = clock.now();
  const anchorDay = rest.anchorDay ?? now.getUTCDate();
  // NOTE: 'dueForRenewal' starts the period one cycle ago, so that it ends now.
  const start = has('dueForRenewal') ? addCycles(now, cycle, -1, anchorDay) : now;
  const started = status !== 'pending';
  const subscription = await Subscription.create({
    customerId: customer.id,
    planId: plan.id,
    status,
    cycle,
    currency,
    priceMinor: (await priceOf(plan, cycle, currency)).amountMinor,
    anchorDay,
    ...(started ? { startedAt: start, currentPeriodStart: start, currentPeriodEnd: periodEnd(start, cycle, anchorDay) } : {}),
    ...(status === 'suspended' ? { suspendedAt: now, suspensionReason: 'Overdue invoice' } : {}),
    ...(status === 'terminated' ? { suspendedAt: new Date(now.getTime() - 7 * DAY), terminatedAt: now } : {}),
    ...(status === 'cancelled' ? { cancelledAt: now, cancellationReason: 'No longer needed' } : {}),
    ...(has('cancelAtPeriodEnd') ? { cancelAtPeriodEnd: true, cancelledAt: now, cancellationReason: 'Moving provider' } : {}),
    ...(has('exempt') ? { suspensionExempt: true } : {}),
    ...(coupon ? { couponId: coupon.id, couponPeriodsRemaining: coupon.duration === 'repeating' ? coupon.durationPeriods : null } : {}),
    ...rest,
  });
  subscription.plan = plan;
  subscription.customer = customer;
  return subscription;
}

/** A config option on a subscription (both created when not given), 2 units at 200. */
export async function createSubscriptionOption(
  attrs: Partial<CreationAttributes<SubscriptionOption>> & { subscription?: Subscription; option?: ConfigOption } = {},
): Promise<SubscriptionOption> {
  const { subscription, option, ...rest } = attrs;
  const subscriptionId = rest.subscriptionId ?? (subscription ?? (await createSubscription())).id;
  const optionId = rest.optionId ?? (option ?? (await createConfigOption())).id;
  return SubscriptionOption.create({ quantity: 2, unitPriceMinor: 200, ...rest, subscriptionId, optionId });
}

/** An addon on a subscription (both created when not given) at 300; trait 'cancelled'. */
export async function createSubscriptionAddon(
  attrs: Partial<CreationAttributes<SubscriptionAddon>> & { subscription?: Subscription; addon?: Addon } = {},
  ...traits: Array<'cancelled'>
): Promise<SubscriptionAddon> {
  const { subscription, addon, ...rest } = attrs;
  const subscriptionId = rest.subscriptionId ?? (subscription ?? (await createSubscription())).id;
  const addonId = rest.addonId ?? (addon ?? (await createAddon())).id;
  const now = clock.now();
  return SubscriptionAddon.create({
    priceMinor: 300,
    startedAt: now,
    ...(traits.includes('cancelled') ? { status: 'cancelled' as const, cancelledAt: now } : {}),
    ...rest,
    subscriptionId,
    addonId,
  });
}

export type ServiceTrait = ServiceStatus | 'archived' | 'withCredentials' | 'retryDue';
export type ServiceAttrs = Partial<CreationAttributes<Service>> & { subscription?: Subscription; plan?: Plan; customer?: Customer };

/**
 * The service of a subscription (an active one of `plan`/`customer` is created when not given), of the plan's type and
 * driver, active on the panel by default. Traits: a service status ('pending', 'provisioning', 'active', 'suspended',
 * 'terminated', 'failed', 'waitlisted', 'manual'), 'archived' (soft-deleted), 'withCredentials' (encrypted root
 * password), 'retryDue' (failed once, next attempt now).
 */
export async function createService(attrs: ServiceAttrs = {}, ...traits: ServiceTrait[]): Promise<Service> {
  const { subscription: givenSubscription, plan: givenPlan, customer, ...rest } = attrs;
  const has = (t: ServiceTrait) => traits.includes(t);
  const subscription = givenSubscription ?? (await createSubscription({ plan: givenPlan, customer }));
  const plan = subscription.plan ?? givenPlan ?? (await Plan.findByPk(subscription.planId, { rejectOnEmpty: true }));
  const status = (traits.find((t) => !['archived', 'withCredentials', 'retryDue'].includes(t)) as ServiceStatus | undefined) ?? 'active';
  const now = clock.now();
  const n = unique();
  const onPanel = !['pending', 'provisioning', 'failed', 'waitlisted'].includes(status);
  const service = await Service.create({
    subscriptionId: subscription.id,
    customerId: subscription.customerId,
    serviceType: plan.type,
    driver: plan.driver,
    reference: `svc-${n}`,
    status,
    hostname: `srv-${n}.example.test`,
    ...(onPanel ? { externalId: `ext-${n}`, primaryIp: '198.51.100.7', ipAddresses: ['198.51.100.7'], provisionedAt: now } : {}),
    ...(status === 'suspended' ? { suspendedAt: now, suspensionReason: 'Overdue invoice' } : {}),
    ...(status === 'terminated' ? { terminatedAt: now } : {}),
    ...(status === 'failed' || has('retryDue') ? { provisionAttempts: 1, lastError: 'Panel answered 503', nextAttemptAt: now } : {}),
    ...(has('withCredentials') ? { credentialsEnc: encryptSecret(JSON.stringify({ username: 'root', password: 'factory-secret' })) } : {}),
    ...rest,
  });
  if (has('archived')) await service.destroy();
  service.subscription = subscription;
  return service;
}

export type ProvisioningTaskTrait = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'due' | 'claimed';

/**
 * A provisioning task (create unless `action`) for a service (created when not given), pending and scheduled in a
 * minute. Traits: 'due' (next attempt now), 'claimed'/'running' (held by a worker), 'succeeded', 'failed' (attempts
 * used up), 'cancelled'.
 */
export async function createProvisioningTask(
  attrs: Partial<CreationAttributes<ProvisioningTask>> & { service?: Service } = {},
  ...traits: ProvisioningTaskTrait[]
): Promise<ProvisioningTask> {
  const { service, ...rest } = attrs;
  const has = (t: ProvisioningTaskTrait) => traits.includes(t);
  const serviceId = rest.serviceId ?? (service ?? (await createService({}, 'pending'))).id;
  const now = clock.now();
  const action = rest.action ?? 'create';
  const running = has('running') || has('claimed');
  const status = running ? 'running' : has('succeeded') ? 'succeeded' : has('failed') ? 'failed' : has('cancelled') ? 'cancelled' : 'pending';
  return ProvisioningTask.create({
    action,
    status,
    nextAttemptAt: has('due') ? now : new Date(now.getTime() + 60_000),
    ...(running ? { claimedBy: 'worker-test', claimedUntil: new Date(now.getTime() + 5 * 60_000), startedAt: now, attempts: 1 } : {}),
    ...(status === 'succeeded' ? { attempts: 1, startedAt: now, finishedAt: now, nextAttemptAt: null } : {}),
    ...(status === 'failed' ? { attempts: 5, lastError: 'Panel answered 500', finishedAt: now, nextAttemptAt: null } : {}),
    idempotencyKey: `${action}:${serviceId}:${unique()}`,
    ...rest,
    serviceId,
  });
}

/** A logged panel call for a service (created when not given), successful unless trait 'failed'. */
export async function createProvisioningLog(
  attrs: Partial<CreationAttributes<ProvisioningLog>> & { service?: Service; task?: ProvisioningTask } = {},
  ...traits: Array<'failed'>
): Promise<ProvisioningLog> {
  const { service: givenService, task, ...rest } = attrs;
  const serviceId = rest.serviceId ?? task?.serviceId ?? givenService?.id;
  const service = givenService ?? (serviceId ? await Service.findByPk(serviceId, { rejectOnEmpty: true }) : await createService());
  const failed = traits.includes('failed');
  return ProvisioningLog.create({
    serviceId: service.id,
    taskId: task?.id ?? null,
    driver: service.driver,
    action: task?.action ?? 'create',
    requestSummary: 'POST /servers',
    responseCode: failed ? 500 : 201,
    durationMs: 120,
    success: !failed,
    ...(failed ? { error: 'Internal Server Error' } : {}),
    ...rest,
  });
}
