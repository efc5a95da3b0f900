import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { Invoice } from './invoice.js';
import type { TaxRate } from './tax-rate.js';

/** A tax total of an invoice per rate and jurisdiction, as printed and as the tax report sums it. */
export class InvoiceTax extends Model<InferAttributes<InvoiceTax>, InferCreationAttributes<InvoiceTax>> {
  declare id: CreationOptional<number>;
  declare invoiceId: ForeignKey<Invoice['id']>;
  declare taxRateId: ForeignKey<TaxRate['id']> | null;
  declare name: string;
  declare country: string;
  declare region: CreationOptional<string | null>;
  declare rateBp: number;
  declare taxableMinor: number;
  declare taxMinor: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof InvoiceTax {
    return InvoiceTax.init(
      {
        id: attr.id(),
        name: { type: DataTypes.STRING(100), allowNull: false },
        country: attr.country(false),
        region: attr.string(100),
        rateBp: attr.basisPoints(),
        taxableMinor: attr.money({ signed: true }),
        taxMinor: attr.money({ signed: true }),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'invoice_taxes', modelName: 'InvoiceTax', underscored: true },
    );
  }
}
