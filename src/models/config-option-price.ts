import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { BILLING_CYCLES, type BillingCycle, type CurrencyCode } from './enums.js';
import type { ConfigOption } from './config-option.js';

/**
 * The price of one unit of a quantity option, or of one choice of a select option ('' for quantity
 * options), per cycle and currency (unique on option, choice, cycle, currency).
 */
export class ConfigOptionPrice extends Model<InferAttributes<ConfigOptionPrice>, InferCreationAttributes<ConfigOptionPrice>> {
  declare id: CreationOptional<number>;
  declare optionId: ForeignKey<ConfigOption['id']>;
  declare choice: CreationOptional<string>;
  declare cycle: BillingCycle;
  declare currency: CurrencyCode;
  declare unitAmountMinor: number;
  declare setupFeeMinor: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ConfigOptionPrice {
    return ConfigOptionPrice.init(
      {
        id: attr.id(),
        choice: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
        cycle: attr.enum(BILLING_CYCLES),
        currency: attr.currency(),
        unitAmountMinor: attr.money(),
        setupFeeMinor: attr.money(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'config_option_prices', modelName: 'ConfigOptionPrice', underscored: true },
    );
  }
}
