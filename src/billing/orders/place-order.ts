import type { Transaction } from 'sequelize';
import { recordAudit } from '../../audit/record-audit.js';
import { formatSequenceNumber, nextNumber } from '../../db/sequences.js';
import { inTransaction, isUniqueViolation } from '../../db/transaction.js';
import { type Ctx, withTx } from '../../lib/context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { Customer } from '../../models/customer.js';
import type { BillingCycle, CurrencyCode } from '../../models/enums.js';
import type { Invoice } from '../../models/invoice.js';
import { Order } from '../../models/order.js';
import { configurationLines } from '../catalog/configuration.js';
import { resolveConfiguration } from '../catalog/resolve-configuration.js';
import { emitEvent } from '../events.js';
import { createInvoice } from '../invoices/create-invoice.js';
import { activateOrderOnPayment } from './activate-order-on-payment.js';
import { loadPlacedOrder, type PlacedOrder } from './load-placed-order.js';
import { couponPeriodsAfterFirst, findOrderCoupon, redeemOrderCoupon } from './order-coupon.js';
import { type ResolvedItem, type ServiceChoices, type WrittenItem, writeOrderItem } from './order-items.js';

/** One thing bought: a plan for a cycle with its options (code -> quantity or choice), add-on codes and service choices. */
export interface PlaceOrderItem {
  readonly planId: number;
  readonly cycle: BillingCycle;
  readonly options?: Readonly<Record<string, number | string>>;
  readonly addons?: readonly string[];
  readonly config?: ServiceChoices;
}

/** Input of `placeOrder`. */
export interface PlaceOrderInput {
  readonly customerId: number;
  readonly items: readonly PlaceOrderItem[];
  readonly currency: CurrencyCode;
  readonly couponCode?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  /** Fraud checks that fired (computed by the caller); any flag sends the order to review. */
  readonly riskFlags?: readonly string[];
  readonly riskScore?: number | null;
  /** Makes a resubmitted checkout return the first order. */
  readonly idempotencyKey?: string | null;
}

async function resolveItems(input: PlaceOrderInput, customer: Customer, ctx: Ctx, t: Transaction): Promise<{ items: ResolvedItem[]; coupon: Awaited<ReturnType<typeof findOrderCoupon>> | null }> {
  const items: ResolvedItem[] = [];
  for (const i of input.items) {
    const { plan, config } = await resolveConfiguration({ planId: i.planId, cycle: i.cycle, currency: input.currency, options: i.options, addons: i.addons }, withTx(ctx, t));
    items.push({ plan, config, choices: i.config ?? {}, options: i.options ?? {}, addons: i.addons ?? [] });
  }
  if (!input.couponCode) return { items, coupon: null };
  const coupon = await findOrderCoupon(input.couponCode, { customerId: customer.id, items: items.map((i) => ({ planId: i.plan.id, planType: i.plan.type, cycle: i.config.cycle })), currency: input.currency, at: ctx.now }, t);
  const periods = couponPeriodsAfterFirst(coupon.coupon);
  return { items: items.map((item, k) => (coupon.eligible[k] ? { ...item, couponId: coupon.coupon.id, couponPeriods: periods } : item)), coupon };
}

async function place(input: PlaceOrderInput, ctx: Ctx, t: Transaction): Promise<PlacedOrder> {
  if (input.idempotencyKey) {
    const found = await Order.findOne({ where: { idempotencyKey: input.idempotencyKey }, transaction: t });
    if (found) return loadPlacedOrder(found, true, t);
  }
  if (input.items.length === 0) throw new ValidationError('order_empty', 'An order needs at least one item');
  const customer = await Customer.findByPk(input.customerId, { transaction: t });
  if (!customer) throw new NotFoundError('customer_not_found', `Customer ${input.customerId} not found`);
  if (customer.currency && customer.currency !== input.currency) {
    throw new ValidationError('currency_mismatch', `Customer ${customer.id} is billed in ${customer.currency}, not ${input.currency}`);
  }
  const { items, coupon } = await resolveItems(input, customer, ctx, t);
  const number = formatSequenceNumber('ORD-{SEQ:6}', await nextNumber('order', t), ctx.now);
  const order = await Order.create(
    {
      number,
      customerId: customer.id,
      status: 'pending',
      currency: input.currency,
      couponId: coupon?.coupon.id ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 255) ?? null,
      country: customer.billingCountry ?? null,
      riskFlags: input.riskFlags?.length ? [...input.riskFlags] : null,
      riskScore: input.riskScore ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      reviewedBy: null,
    },
    { transaction: t },
  );
  const written: WrittenItem[] = [];
  for (const item of items) written.push(await writeOrderItem(order, item, ctx, t));
  const lines = items.flatMap((item, k) => configurationLines(item.config, { setupFees: true, subscriptionId: written[k].subscription.id }));
  const { invoice, prepared } = await createInvoice(
    { customerId: customer.id, kind: 'order', lines, currency: input.currency, coupon: coupon?.spec ?? null, orderId: order.id, idempotencyKey: `order:${order.id}`, issue: true },
    withTx(ctx, t),
  );
  if (coupon && prepared && prepared.couponDiscountMinor > 0) {
    const subscriptionId = written.find((_, k) => coupon.eligible[k])?.subscription.id ?? null;
    await redeemOrderCoupon({ coupon: coupon.coupon, customerId: customer.id, orderId: order.id, subscriptionId, invoiceId: invoice.id, amountMinor: prepared.couponDiscountMinor, currency: input.currency }, withTx(ctx, t));
  }
  const reasons = [
    ...items.filter((i) => i.plan.requiresReview).map((i) => `${i.plan.name} requires review`),
    ...(input.riskFlags?.length ? [`Risk flags: ${input.riskFlags.join(', ')}`] : []),
    ...written.filter((w) => w.waitlisted).map((w) => `Out of stock: plan ${w.item.planId} waitlisted`),
  ];
  await order.update(
    {
      status: reasons.length ? 'pending_review' : 'pending',
      reviewReason: reasons.length ? reasons.join('; ').slice(0, 255) : null,
      subtotalMinor: invoice.subtotalMinor,
      discountMinor: invoice.discountMinor,
      taxMinor: invoice.taxMinor,
      totalMinor: invoice.totalMinor,
    },
    { transaction: t },
  );
  await recordOrderPlaced(order, invoice, written.filter((w) => w.waitlisted).length, ctx, t);
  // NOTE: an order paid at once (account credit, 100% coupon) activates now, as a paid one would.
  if (invoice.status === 'paid') await activateOrderOnPayment(invoice.id, withTx(ctx, t));
  return loadPlacedOrder(order, false, t);
}

async function recordOrderPlaced(order: Order, invoice: Invoice, waitlisted: number, ctx: Ctx, t: Transaction): Promise<void> {
  const tctx = withTx(ctx, t);
  const summary = { number: order.number, status: order.status, totalMinor: order.totalMinor, currency: order.currency, invoiceId: invoice.id };
  await recordAudit({ action: 'order.placed', entityType: 'order', entityId: order.id, after: summary, reason: order.reviewReason ?? null }, tctx);
  await emitEvent('order.placed', { orderId: order.id, customerId: order.customerId, ...summary }, tctx, { dedupeKey: `order.placed:${order.id}` });
  if (waitlisted > 0) await emitEvent('order.waitlisted', { orderId: order.id, customerId: order.customerId, items: waitlisted }, tctx, { dedupeKey: `order.waitlisted:${order.id}` });
}

/**
 * Places an order: items with pending subscriptions (prices locked), the first invoice (plan, setup
 * fees, options, add-ons, coupon discount, tax) issued with account credit applied, the coupon
 * redeemed, stock taken (or a waitlist entry); pending_review when a plan requires review, risk flags
 * fired or stock ran out. Idempotent by `idempotencyKey`, also for concurrent submits.
 */
export async function placeOrder(input: PlaceOrderInput, ctx: Ctx): Promise<PlacedOrder> {
  try {
    return await inTransaction(ctx, (t) => place(input, ctx, t));
  } catch (err) {
    if (!isUniqueViolation(err) || ctx.transaction || !input.idempotencyKey) throw err;
    const winner = await Order.findOne({ where: { idempotencyKey: input.idempotencyKey } });
    if (!winner) throw err;
    return loadPlacedOrder(winner, true);
  }
}
