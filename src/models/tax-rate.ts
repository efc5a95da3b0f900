import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';

/** A tax rate for a country (and optionally a region), valid over a window; `inclusive` = prices include it. */
export class TaxRate extends Model<InferAttributes<TaxRate>, InferCreationAttributes<TaxRate>> {
  declare id: CreationOptional<number>;
  declare country: string;
  declare region: CreationOptional<string | null>;
  declare name: string;
  declare rateBp: number;
  declare inclusive: CreationOptional<boolean>;
  declare active: CreationOptional<boolean>;
  declare validFrom: CreationOptional<Date | null>;
  declare validUntil: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof TaxRate {
    return TaxRate.init(
      {
        id: attr.id(),
        country: attr.country(false),
        region: attr.string(100),
        name: { type: DataTypes.STRING(100), allowNull: false, validate: { notEmpty: true } },
        rateBp: attr.basisPoints(),
        inclusive: attr.bool(false),
        active: attr.bool(true),
        validFrom: attr.date(),
        validUntil: attr.date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'tax_rates', modelName: 'TaxRate', underscored: true },
    );
  }
}
