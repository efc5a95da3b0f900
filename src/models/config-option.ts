import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { ValidationError } from '../lib/errors.js';
import { CONFIG_OPTION_KINDS, type ConfigOptionKind } from './enums.js';
import { known } from './row-guards.js';
import type { ConfigOptionPrice } from './config-option-price.js';

/** One choice of a `select` option; `panelValue` is what the driver sends to the panel. */
export interface ConfigOptionChoice {
  value: string;
  label: string;
  panelValue?: string | number;
}

/** Cross-column rules, checked before each insert and per-row update. */
function assertValid(option: ConfigOption): void {
  if (known(option.min, option.max) && (option.max as number) < option.min) throw new ValidationError('config_option_invalid', 'max must not be below min');
  if (option.kind === 'select' && option.choices !== undefined && !(Array.isArray(option.choices) && option.choices.length > 0)) {
    throw new ValidationError('config_option_invalid', 'a select option needs choices');
  }
}

/** A configurable resource a plan may offer (extra RAM, cores, disk, IPs, an OS licence...). */
export class ConfigOption extends Model<InferAttributes<ConfigOption>, InferCreationAttributes<ConfigOption>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare description: CreationOptional<string | null>;
  /** Display unit: GB, cores, IPs. */
  declare unit: CreationOptional<string | null>;
  declare kind: ConfigOptionKind;
  declare min: CreationOptional<number>;
  declare max: CreationOptional<number | null>;
  declare step: CreationOptional<number>;
  declare defaultValue: CreationOptional<number | null>;
  /** The key the driver sets on the panel (e.g. VirtFusion `memory`). */
  declare panelKey: CreationOptional<string | null>;
  declare choices: CreationOptional<ConfigOptionChoice[] | null>;
  declare active: CreationOptional<boolean>;
  declare sortOrder: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare prices?: NonAttribute<ConfigOptionPrice[]>;

  static initModel(sequelize: Sequelize): typeof ConfigOption {
    return ConfigOption.init(
      {
        id: attr.id(),
        code: { type: DataTypes.STRING(64), allowNull: false, validate: { is: /^[a-z0-9_]+$/ } },
        name: { type: DataTypes.STRING(150), allowNull: false },
        description: attr.string(255),
        unit: attr.string(32),
        kind: attr.enum(CONFIG_OPTION_KINDS),
        min: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        max: { type: DataTypes.INTEGER },
        step: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1, validate: { min: 1 } },
        defaultValue: { type: DataTypes.INTEGER },
        panelKey: attr.string(100),
        choices: attr.json(),
        active: attr.bool(true),
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'config_options',
        modelName: 'ConfigOption',
        underscored: true,
        hooks: { beforeCreate: assertValid, beforeUpdate: assertValid },
      },
    );
  }
}
