import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { Addon } from './addon.js';
import type { Plan } from './plan.js';

/** An addon offered on a plan (unique per plan and addon); `included` = part of the plan at no charge. */
export class PlanAddon extends Model<InferAttributes<PlanAddon>, InferCreationAttributes<PlanAddon>> {
  declare id: CreationOptional<number>;
  declare planId: ForeignKey<Plan['id']>;
  declare addonId: ForeignKey<Addon['id']>;
  declare included: CreationOptional<boolean>;
  declare sortOrder: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof PlanAddon {
    return PlanAddon.init(
      {
        id: attr.id(),
        included: attr.bool(false),
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'plan_addons', modelName: 'PlanAddon', underscored: true },
    );
  }
}
