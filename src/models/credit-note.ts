import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { ConflictError, ValidationError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { CREDIT_NOTE_KINDS, CREDIT_NOTE_REFUND_TARGETS, type CreditNoteKind, type CreditNoteRefundTarget, type CurrencyCode } from './enums.js';
import { changedAmong, forceIndividualHooks, known } from './row-guards.js';
import type { CreditNoteLine } from './credit-note-line.js';
import type { Customer } from './customer.js';
import type { Invoice } from './invoice.js';
import type { User } from './user.js';

/** Columns of a credit note that never change once written. */
export const CREDIT_NOTE_LOCKED_COLUMNS = ['number', 'invoiceId', 'customerId', 'currency', 'subtotalMinor', 'taxMinor', 'totalMinor', 'kind', 'refundTo', 'issuedAt'] as const;

/**
 * The correction of an issued invoice (void, refund or adjustment), numbered without gaps like
 * invoices and immutable; amounts are positive and reduce what the invoice asks for.
 */
export class CreditNote extends Model<InferAttributes<CreditNote>, InferCreationAttributes<CreditNote>> {
  declare id: CreationOptional<number>;
  declare number: string;
  declare invoiceId: ForeignKey<Invoice['id']>;
  declare customerId: ForeignKey<Customer['id']>;
  declare currency: CurrencyCode;
  declare subtotalMinor: number;
  declare taxMinor: CreationOptional<number>;
  declare totalMinor: number;
  declare reason: string;
  declare kind: CreditNoteKind;
  /** Where the money goes: back through the gateway, to account credit, or nowhere (a void). */
  declare refundTo: CreationOptional<CreditNoteRefundTarget>;
  declare memo: CreationOptional<string | null>;
  declare issuedAt: Date;
  declare createdBy: ForeignKey<User['id']> | null;
  declare idempotencyKey: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare lines?: NonAttribute<CreditNoteLine[]>;

  static initModel(sequelize: Sequelize): typeof CreditNote {
    return CreditNote.init(
      {
        id: attr.id(),
        number: { type: DataTypes.STRING(32), allowNull: false, validate: { notEmpty: true } },
        currency: attr.currency(),
        subtotalMinor: attr.money(),
        taxMinor: attr.money(),
        totalMinor: attr.money(),
        reason: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        kind: attr.enum(CREDIT_NOTE_KINDS),
        refundTo: attr.enum(CREDIT_NOTE_REFUND_TARGETS, { default: 'none' }),
        memo: attr.text(),
        issuedAt: attr.date(false),
        idempotencyKey: attr.string(191),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'credit_notes',
        modelName: 'CreditNote',
        underscored: true,
        hooks: {
          beforeBulkUpdate: forceIndividualHooks,
          beforeBulkDestroy: forceIndividualHooks,
          beforeCreate(note) {
            if (known(note.totalMinor, note.subtotalMinor) && note.totalMinor !== note.subtotalMinor + (note.taxMinor ?? 0)) {
              throw new ValidationError('credit_note_invalid', 'totalMinor must equal subtotalMinor + taxMinor');
            }
          },
          beforeUpdate(note) {
            const locked = changedAmong(note, CREDIT_NOTE_LOCKED_COLUMNS);
            if (locked.length > 0) throw new ConflictError('credit_note_immutable', `Credit note ${note.number}: ${locked.join(', ')} cannot change`, { columns: locked });
          },
          beforeDestroy(note) {
            throw new ConflictError('credit_note_immutable', `Credit note ${note.number} cannot be deleted`);
          },
        },
      },
    );
  }
}
