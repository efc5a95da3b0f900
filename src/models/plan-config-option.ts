import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { ConfigOption } from './config-option.js';
import type { Plan } from './plan.js';

/** A config option offered on a plan (unique per plan and option), with units included free and bounds. */
export class PlanConfigOption extends Model<InferAttributes<PlanConfigOption>, InferCreationAttributes<PlanConfigOption>> {
  declare id: CreationOptional<number>;
  declare planId: ForeignKey<Plan['id']>;
  declare optionId: ForeignKey<ConfigOption['id']>;
  declare includedQuantity: CreationOptional<number>;
  declare minOverride: CreationOptional<number | null>;
  declare maxOverride: CreationOptional<number | null>;
  declare sortOrder: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof PlanConfigOption {
    return PlanConfigOption.init(
      {
        id: attr.id(),
        includedQuantity: attr.count({ min: 0, default: 0 }),
        minOverride: { type: DataTypes.INTEGER },
        maxOverride: { type: DataTypes.INTEGER },
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'plan_config_options', modelName: 'PlanConfigOption', underscored: true },
    );
  }
}
