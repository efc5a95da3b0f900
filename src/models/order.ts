import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { ValidationError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { ORDER_STATUSES, type CurrencyCode, type OrderStatus } from './enums.js';
import { known } from './row-guards.js';
import type { Coupon } from './coupon.js';
import type { Customer } from './customer.js';
import type { OrderItem } from './order-item.js';
import type { User } from './user.js';

/** Cross-column rules, checked before each insert and per-row update. */
function assertValid(order: Order): void {
  if (known(order.discountMinor, order.subtotalMinor) && order.discountMinor > order.subtotalMinor) throw new ValidationError('order_invalid', 'discount exceeds subtotal');
}

/** A checkout: what the customer asked for, at what price, and the fraud/stock review it went through. */
export class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: CreationOptional<number>;
  declare number: string;
  declare customerId: ForeignKey<Customer['id']>;
  declare status: CreationOptional<OrderStatus>;
  declare currency: CurrencyCode;
  declare subtotalMinor: CreationOptional<number>;
  declare discountMinor: CreationOptional<number>;
  declare taxMinor: CreationOptional<number>;
  declare totalMinor: CreationOptional<number>;
  declare couponId: ForeignKey<Coupon['id']> | null;
  declare ip: CreationOptional<string | null>;
  declare country: CreationOptional<string | null>;
  declare userAgent: CreationOptional<string | null>;
  declare riskScore: CreationOptional<number | null>;
  declare riskFlags: CreationOptional<string[] | null>;
  declare notes: CreationOptional<string | null>;
  declare reviewReason: CreationOptional<string | null>;
  declare reviewedBy: ForeignKey<User['id']> | null;
  declare reviewedAt: CreationOptional<Date | null>;
  declare rejectionReason: CreationOptional<string | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  /** Client-supplied key that makes a checkout submit idempotent. */
  declare idempotencyKey: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare items?: NonAttribute<OrderItem[]>;
  declare customer?: NonAttribute<Customer>;

  static initModel(sequelize: Sequelize): typeof Order {
    return Order.init(
      {
        id: attr.id(),
        number: { type: DataTypes.STRING(32), allowNull: false, validate: { notEmpty: true } },
        status: attr.enum(ORDER_STATUSES, { default: 'pending' }),
        currency: attr.currency(),
        subtotalMinor: attr.money(),
        discountMinor: attr.money(),
        taxMinor: attr.money(),
        totalMinor: attr.money(),
        ip: attr.string(64),
        country: attr.country(),
        userAgent: attr.string(255),
        riskScore: { type: DataTypes.INTEGER, validate: { min: 0, max: 100 } },
        riskFlags: attr.json(),
        notes: attr.text(),
        reviewReason: attr.string(255),
        reviewedAt: attr.date(),
        rejectionReason: attr.string(255),
        completedAt: attr.date(),
        cancelledAt: attr.date(),
        idempotencyKey: attr.string(191),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'orders',
        modelName: 'Order',
        underscored: true,
        hooks: { beforeCreate: assertValid, beforeUpdate: assertValid },
      },
    );
  }
}
