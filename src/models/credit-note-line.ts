import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { ConflictError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { forceIndividualHooks } from './row-guards.js';
import type { CreditNote } from './credit-note.js';
import type { InvoiceLine } from './invoice-line.js';

/** One line of a credit note, usually crediting (part of) an invoice line; written once, never changed. */
export class CreditNoteLine extends Model<InferAttributes<CreditNoteLine>, InferCreationAttributes<CreditNoteLine>> {
  declare id: CreationOptional<number>;
  declare creditNoteId: ForeignKey<CreditNote['id']>;
  declare invoiceLineId: ForeignKey<InvoiceLine['id']> | null;
  declare description: string;
  declare quantity: CreationOptional<number>;
  declare amountMinor: number;
  declare taxRateBp: CreationOptional<number>;
  declare taxMinor: CreationOptional<number>;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof CreditNoteLine {
    const immutable = (): never => {
      throw new ConflictError('credit_note_immutable', 'Credit note lines cannot change once written');
    };
    return CreditNoteLine.init(
      {
        id: attr.id(),
        description: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        quantity: attr.count({ min: 1, default: 1 }),
        amountMinor: attr.money(),
        taxRateBp: attr.basisPoints(),
        taxMinor: attr.money(),
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'credit_note_lines',
        modelName: 'CreditNoteLine',
        underscored: true,
        hooks: { beforeBulkUpdate: forceIndividualHooks, beforeBulkDestroy: forceIndividualHooks, beforeUpdate: immutable, beforeDestroy: immutable },
      },
    );
  }
}
