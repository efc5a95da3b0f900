import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { Customer } from './customer.js';
import type { Invoice } from './invoice.js';
import type { User } from './user.js';

/**
 * Staff hold dunning and suspension for a customer (every invoice) or one invoice until `exemptUntil`,
 * e.g. on a promise to pay. In force while `exemptUntil` is ahead and `endedAt` is unset.
 */
export class DunningExemption extends Model<InferAttributes<DunningExemption>, InferCreationAttributes<DunningExemption>> {
  declare id: CreationOptional<number>;
  declare customerId: ForeignKey<Customer['id']> | null;
  declare invoiceId: ForeignKey<Invoice['id']> | null;
  declare exemptUntil: Date;
  declare reason: string;
  declare createdBy: ForeignKey<User['id']> | null;
  declare endedAt: CreationOptional<Date | null>;
  declare endedBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof DunningExemption {
    return DunningExemption.init(
      {
        id: attr.id(),
        customerId: { type: DataTypes.INTEGER, allowNull: true },
        invoiceId: { type: DataTypes.INTEGER, allowNull: true },
        exemptUntil: { type: DataTypes.DATE, allowNull: false },
        reason: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        createdBy: { type: DataTypes.INTEGER, allowNull: true },
        endedAt: { type: DataTypes.DATE, allowNull: true },
        endedBy: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'dunning_exemptions',
        modelName: 'DunningExemption',
        underscored: true,
        validate: {
          oneSubject(this: DunningExemption) {
            if ((this.customerId == null) === (this.invoiceId == null)) throw new Error('An exemption is for a customer or for an invoice');
          },
        },
      },
    );
  }
}
