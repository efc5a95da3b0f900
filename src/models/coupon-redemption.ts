import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { CurrencyCode } from './enums.js';
import type { Coupon } from './coupon.js';
import type { Customer } from './customer.js';
import type { Invoice } from './invoice.js';
import type { Order } from './order.js';
import type { Subscription } from './subscription.js';

/**
 * A coupon's discount on one invoice (once per coupon and order, and per coupon and invoice). The
 * order's row is the use the coupon's limits count; `renewal` rows record the discount of each later
 * period of the same subscription (history only, never counted against the limits again).
 */
export class CouponRedemption extends Model<InferAttributes<CouponRedemption>, InferCreationAttributes<CouponRedemption>> {
  declare id: CreationOptional<number>;
  declare couponId: ForeignKey<Coupon['id']>;
  declare customerId: ForeignKey<Customer['id']>;
  declare orderId: ForeignKey<Order['id']> | null;
  declare subscriptionId: ForeignKey<Subscription['id']> | null;
  declare invoiceId: ForeignKey<Invoice['id']> | null;
  declare amountMinor: number;
  declare currency: CurrencyCode;
  declare redeemedAt: Date;
  declare renewal: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof CouponRedemption {
    return CouponRedemption.init(
      {
        id: attr.id(),
        amountMinor: attr.money(),
        currency: attr.currency(),
        redeemedAt: attr.date(false),
        renewal: attr.bool(false),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'coupon_redemptions', modelName: 'CouponRedemption', underscored: true },
    );
  }
}
