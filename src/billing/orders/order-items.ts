import type { Transaction } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import type { Order } from '../../models/order.js';
import { OrderItem, type OrderItemOptions } from '../../models/order-item.js';
import type { Plan } from '../../models/plan.js';
import { Subscription } from '../../models/subscription.js';
import { SubscriptionAddon } from '../../models/subscription-addon.js';
import { SubscriptionOption } from '../../models/subscription-option.js';
import { WaitlistEntry } from '../../models/waitlist-entry.js';
import { type Configuration, recurringTotal } from '../catalog/configuration.js';
import { reserveStock } from '../catalog/reserve-stock.js';
import { toWholeSecond } from '../subscriptions/lifecycle.js';

/** What the customer chose for the service itself (panel settings, names). */
export interface ServiceChoices {
  readonly os?: string;
  readonly location?: string;
  readonly game?: string;
  readonly domain?: string;
  readonly hostname?: string;
}

/** One resolved item of an order, ready to be written. */
export interface ResolvedItem {
  readonly plan: Plan;
  readonly config: Configuration;
  readonly choices: ServiceChoices;
  readonly options: Readonly<Record<string, number | string>>;
  readonly addons: readonly string[];
  /** The coupon stays on the subscription for this many periods after the first (null = forever); undefined = no coupon. */
  readonly couponPeriods?: number | null;
  readonly couponId?: number | null;
}

/** The rows an order item produced. */
export interface WrittenItem {
  readonly item: OrderItem;
  readonly subscription: Subscription;
  readonly waitlisted: boolean;
}

/**
 * Writes an order item with its pending subscription (price locked, anchored to the order day), its
 * option and add-on rows, and takes stock; an item out of stock goes on the waitlist instead.
 */
export async function writeOrderItem(order: Order, resolved: ResolvedItem, ctx: Ctx, t: Transaction): Promise<WrittenItem> {
  const { plan, config } = resolved;
  const reserved = await reserveStock(plan.id, 1, ctx.now, t);
  if (!reserved && !plan.waitlistEnabled) throw new ConflictError('out_of_stock', `${plan.name} is out of stock`);
  const options: OrderItemOptions = { ...resolved.choices, configOptions: { ...resolved.options }, addonCodes: [...resolved.addons], stockReserved: reserved };
  const item = await OrderItem.create(
    {
      orderId: order.id,
      kind: 'new',
      planId: plan.id,
      cycle: config.cycle,
      quantity: 1,
      description: `${plan.name} (${config.cycle})`.slice(0, 255),
      options,
      amountMinor: recurringTotal(config).minor,
      setupFeeMinor: config.setupFeeMinor,
      subscriptionId: null,
    },
    { transaction: t },
  );
  // NOTE: a pending subscription has no period yet: it starts when the subscription is activated.
  const subscription = await Subscription.create(
    {
      customerId: order.customerId,
      planId: plan.id,
      orderItemId: item.id,
      status: 'pending',
      cycle: config.cycle,
      currency: config.currency,
      priceMinor: config.priceMinor,
      anchorDay: toWholeSecond(ctx.now).getUTCDate(),
      scheduledPlanId: null,
      couponId: resolved.couponPeriods === undefined ? null : (resolved.couponId ?? null),
      couponPeriodsRemaining: resolved.couponPeriods === undefined ? null : resolved.couponPeriods,
    },
    { transaction: t },
  );
  await item.update({ subscriptionId: subscription.id }, { transaction: t });
  if (config.options.length) {
    await SubscriptionOption.bulkCreate(
      config.options.map((o) => ({ subscriptionId: subscription.id, optionId: o.optionId, quantity: o.quantity, choice: o.choice, unitPriceMinor: o.unitPriceMinor })),
      { transaction: t },
    );
  }
  if (config.addons.length) {
    await SubscriptionAddon.bulkCreate(
      config.addons.map((a) => ({ subscriptionId: subscription.id, addonId: a.addonId, quantity: a.quantity, priceMinor: a.priceMinor, status: 'pending' as const })),
      { transaction: t },
    );
  }
  if (!reserved) await WaitlistEntry.create({ planId: plan.id, customerId: order.customerId, orderId: order.id, status: 'waiting' }, { transaction: t });
  return { item, subscription, waitlisted: !reserved };
}
