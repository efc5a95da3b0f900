import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { SETTING_TYPES, type SettingType } from './enums.js';
import type { User } from './user.js';

/**
 * A stored setting; keys, types and defaults live in `src/settings/definitions.ts`.
 * Read and write through `getSetting`/`setSetting`, never this model: they validate, decrypt and audit.
 */
export class Setting extends Model<InferAttributes<Setting>, InferCreationAttributes<Setting>> {
  declare key: string;
  /** Serialised value; `encryptSecret` output when `encrypted`. */
  declare value: string | null;
  declare type: SettingType;
  declare encrypted: CreationOptional<boolean>;
  declare updatedBy: ForeignKey<User['id']> | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Setting {
    return Setting.init(
      {
        key: { type: DataTypes.STRING(100), primaryKey: true, validate: { is: /^[a-z0-9_]+(\.[a-z0-9_]+)+$/ } },
        value: DataTypes.TEXT,
        type: attr.enum(SETTING_TYPES),
        encrypted: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'settings', modelName: 'Setting', underscored: true },
    );
  }
}
