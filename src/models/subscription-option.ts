import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { ConfigOption } from './config-option.js';
import type { Subscription } from './subscription.js';

/** A config option on a subscription (unique per subscription and option), with its locked unit price. */
export class SubscriptionOption extends Model<InferAttributes<SubscriptionOption>, InferCreationAttributes<SubscriptionOption>> {
  declare id: CreationOptional<number>;
  declare subscriptionId: ForeignKey<Subscription['id']>;
  declare optionId: ForeignKey<ConfigOption['id']>;
  declare quantity: CreationOptional<number>;
  /** The chosen value of a select option. */
  declare choice: CreationOptional<string | null>;
  declare unitPriceMinor: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof SubscriptionOption {
    return SubscriptionOption.init(
      {
        id: attr.id(),
        quantity: attr.count({ min: 0, default: 1 }),
        choice: attr.string(64),
        unitPriceMinor: attr.money(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'subscription_options', modelName: 'SubscriptionOption', underscored: true },
    );
  }
}
