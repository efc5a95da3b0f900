import type { Transaction } from 'sequelize';
import { Invoice } from '../../models/invoice.js';
import type { Order } from '../../models/order.js';
import { OrderItem } from '../../models/order-item.js';
import { Subscription } from '../../models/subscription.js';

/** An order with its items, subscriptions and first invoice. */
export interface PlacedOrder {
  readonly order: Order;
  readonly items: OrderItem[];
  readonly subscriptions: Subscription[];
  readonly invoice: Invoice | null;
  /** True when an earlier submit with the same idempotency key placed it. */
  readonly duplicate: boolean;
}

/** Loads what an order produced (for a result or a replayed submit). */
export async function loadPlacedOrder(order: Order, duplicate: boolean, t?: Transaction): Promise<PlacedOrder> {
  await order.reload({ transaction: t });
  const items = await OrderItem.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']], transaction: t });
  const ids = items.map((i) => i.subscriptionId).filter((id): id is number => id != null);
  const subscriptions = ids.length ? await Subscription.findAll({ where: { id: ids }, order: [['id', 'ASC']], transaction: t }) : [];
  const invoice = await Invoice.findOne({ where: { orderId: order.id, kind: 'order' }, order: [['id', 'ASC']], transaction: t });
  return { order, items, subscriptions, invoice, duplicate };
}
