import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { ADDON_KINDS, type AddonKind } from './enums.js';
import type { AddonPrice } from './addon-price.js';

/** A recurring extra sold with plans: backups, snapshots, extra IPs, managed support. */
export class Addon extends Model<InferAttributes<Addon>, InferCreationAttributes<Addon>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare kind: AddonKind;
  /** What the driver applies on the panel (backup slots, IP count...). */
  declare panelConfig: CreationOptional<Record<string, unknown> | null>;
  declare active: CreationOptional<boolean>;
  declare sortOrder: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare prices?: NonAttribute<AddonPrice[]>;

  static initModel(sequelize: Sequelize): typeof Addon {
    return Addon.init(
      {
        id: attr.id(),
        code: { type: DataTypes.STRING(64), allowNull: false, validate: { is: /^[a-z0-9_]+$/ } },
        name: { type: DataTypes.STRING(150), allowNull: false },
        description: attr.text(),
        kind: attr.enum(ADDON_KINDS),
        panelConfig: attr.json(),
        active: attr.bool(true),
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'addons', modelName: 'Addon', underscored: true },
    );
  }
}
