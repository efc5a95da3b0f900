import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { SUBSCRIPTION_ADDON_STATUSES, type SubscriptionAddonStatus } from './enums.js';
import type { Addon } from './addon.js';
import type { Subscription } from './subscription.js';

/** An addon on a subscription (unique per subscription and addon), billed with it at its locked price. */
export class SubscriptionAddon extends Model<InferAttributes<SubscriptionAddon>, InferCreationAttributes<SubscriptionAddon>> {
  declare id: CreationOptional<number>;
  declare subscriptionId: ForeignKey<Subscription['id']>;
  declare addonId: ForeignKey<Addon['id']>;
  declare quantity: CreationOptional<number>;
  /** Locked price of one unit for one cycle. */
  declare priceMinor: number;
  declare status: CreationOptional<SubscriptionAddonStatus>;
  declare startedAt: CreationOptional<Date | null>;
  declare cancelAtPeriodEnd: CreationOptional<boolean>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof SubscriptionAddon {
    return SubscriptionAddon.init(
      {
        id: attr.id(),
        quantity: attr.count({ min: 1, default: 1 }),
        priceMinor: attr.money(),
        status: attr.enum(SUBSCRIPTION_ADDON_STATUSES, { default: 'active' }),
        startedAt: attr.date(),
        cancelAtPeriodEnd: attr.bool(false),
        cancelledAt: attr.date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'subscription_addons', modelName: 'SubscriptionAddon', underscored: true },
    );
  }
}
