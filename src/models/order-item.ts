import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { BILLING_CYCLES, ORDER_ITEM_KINDS, type BillingCycle, type OrderItemKind } from './enums.js';
import type { Addon } from './addon.js';
import type { Order } from './order.js';
import type { Plan } from './plan.js';
import type { Subscription } from './subscription.js';

/** What the customer chose at checkout for one line. */
export interface OrderItemOptions {
  os?: string;
  location?: string;
  game?: string;
  domain?: string;
  hostname?: string;
  /** Config option code -> quantity (or choice value for select options). */
  configOptions?: Record<string, number | string>;
  addonIds?: number[];
  [key: string]: unknown;
}

/** One line of an order: a new plan, a plan change of a subscription, or an addon on one. */
export class OrderItem extends Model<InferAttributes<OrderItem>, InferCreationAttributes<OrderItem>> {
  declare id: CreationOptional<number>;
  declare orderId: ForeignKey<Order['id']>;
  declare kind: CreationOptional<OrderItemKind>;
  declare planId: ForeignKey<Plan['id']>;
  declare addonId: ForeignKey<Addon['id']> | null;
  declare cycle: BillingCycle;
  declare quantity: CreationOptional<number>;
  declare description: CreationOptional<string | null>;
  declare options: CreationOptional<OrderItemOptions | null>;
  /** Recurring amount of the line (all units), before discount. */
  declare amountMinor: number;
  declare setupFeeMinor: CreationOptional<number>;
  declare discountMinor: CreationOptional<number>;
  /** The subscription this line created, or the one it changes. */
  declare subscriptionId: ForeignKey<Subscription['id']> | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare plan?: NonAttribute<Plan>;

  static initModel(sequelize: Sequelize): typeof OrderItem {
    return OrderItem.init(
      {
        id: attr.id(),
        kind: attr.enum(ORDER_ITEM_KINDS, { default: 'new' }),
        cycle: attr.enum(BILLING_CYCLES),
        quantity: attr.count({ min: 1, default: 1 }),
        description: attr.string(255),
        options: attr.json(),
        amountMinor: attr.money(),
        setupFeeMinor: attr.money(),
        discountMinor: attr.money(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'order_items', modelName: 'OrderItem', underscored: true },
    );
  }
}
