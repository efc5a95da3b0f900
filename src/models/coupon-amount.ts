import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { CurrencyCode } from './enums.js';
import type { Coupon } from './coupon.js';

/** The amount off of a fixed coupon in one currency (unique per coupon and currency). */
export class CouponAmount extends Model<InferAttributes<CouponAmount>, InferCreationAttributes<CouponAmount>> {
  declare id: CreationOptional<number>;
  declare couponId: ForeignKey<Coupon['id']>;
  declare currency: CurrencyCode;
  declare amountMinor: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof CouponAmount {
    return CouponAmount.init(
      {
        id: attr.id(),
        currency: attr.currency(),
        amountMinor: { ...attr.money(), validate: { min: 1, isInt: true } },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'coupon_amounts', modelName: 'CouponAmount', underscored: true },
    );
  }
}
