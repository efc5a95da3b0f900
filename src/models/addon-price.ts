import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { BILLING_CYCLES, type BillingCycle, type CurrencyCode } from './enums.js';
import type { Addon } from './addon.js';

/** The price of an addon per cycle and currency (unique per addon, cycle and currency). */
export class AddonPrice extends Model<InferAttributes<AddonPrice>, InferCreationAttributes<AddonPrice>> {
  declare id: CreationOptional<number>;
  declare addonId: ForeignKey<Addon['id']>;
  declare cycle: BillingCycle;
  declare currency: CurrencyCode;
  declare amountMinor: number;
  declare setupFeeMinor: CreationOptional<number>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof AddonPrice {
    return AddonPrice.init(
      {
        id: attr.id(),
        cycle: attr.enum(BILLING_CYCLES),
        currency: attr.currency(),
        amountMinor: attr.money(),
        setupFeeMinor: attr.money(),
        active: attr.bool(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'addon_prices', modelName: 'AddonPrice', underscored: true },
    );
  }
}
