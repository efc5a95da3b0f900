import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { ConflictError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { LEDGER_ENTRY_KINDS, PAYMENT_GATEWAYS, type CurrencyCode, type LedgerEntryKind, type PaymentGatewayName } from './enums.js';
import { changedAmong, forceIndividualHooks } from './row-guards.js';
import type { CreditNote } from './credit-note.js';
import type { Customer } from './customer.js';
import type { Invoice } from './invoice.js';
import type { PaymentAttempt } from './payment-attempt.js';
import type { PaymentMethod } from './payment-method.js';
import type { User } from './user.js';

/** Only these may change on a ledger row (annotations); everything else is written once. */
const LEDGER_MUTABLE_COLUMNS = ['memo', 'metadata', 'updatedAt'];

/**
 * One money movement (payment, refund, chargeback, credit...). Append-only: amounts are positive and
 * the kind gives the sign; an invoice's balance and a customer's credit are derived from these rows.
 */
export class LedgerEntry extends Model<InferAttributes<LedgerEntry>, InferCreationAttributes<LedgerEntry>> {
  declare id: CreationOptional<number>;
  declare customerId: ForeignKey<Customer['id']>;
  declare invoiceId: ForeignKey<Invoice['id']> | null;
  declare creditNoteId: ForeignKey<CreditNote['id']> | null;
  declare paymentAttemptId: ForeignKey<PaymentAttempt['id']> | null;
  /** The entry this one reverses or follows (the payment a refund or chargeback is against). */
  declare relatedEntryId: ForeignKey<LedgerEntry['id']> | null;
  declare kind: LedgerEntryKind;
  declare amountMinor: number;
  declare currency: CurrencyCode;
  declare gateway: CreationOptional<PaymentGatewayName | null>;
  declare gatewayReference: CreationOptional<string | null>;
  declare paymentMethodId: ForeignKey<PaymentMethod['id']> | null;
  declare occurredAt: Date;
  declare recordedBy: ForeignKey<User['id']> | null;
  declare memo: CreationOptional<string | null>;
  /** Business identity of the movement, e.g. `stripe:charge:<id>` (unique, required). */
  declare idempotencyKey: string;
  declare metadata: CreationOptional<Record<string, unknown> | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof LedgerEntry {
    return LedgerEntry.init(
      {
        id: attr.id(),
        kind: attr.enum(LEDGER_ENTRY_KINDS),
        amountMinor: { type: DataTypes.BIGINT, allowNull: false, validate: { isInt: true, min: 1 } },
        currency: attr.currency(),
        gateway: attr.enum(PAYMENT_GATEWAYS, { nullable: true }),
        gatewayReference: attr.string(191),
        occurredAt: attr.date(false),
        memo: attr.string(255),
        idempotencyKey: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        metadata: attr.json(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'ledger_entries',
        modelName: 'LedgerEntry',
        underscored: true,
        hooks: {
          beforeBulkUpdate: forceIndividualHooks,
          beforeBulkDestroy: forceIndividualHooks,
          beforeUpdate(entry) {
            const locked = changedAmong(entry, Object.keys(LedgerEntry.getAttributes()).filter((c) => !LEDGER_MUTABLE_COLUMNS.includes(c)));
            if (locked.length > 0) throw new ConflictError('ledger_append_only', `Ledger entry ${entry.id}: ${locked.join(', ')} cannot change; record a new entry instead`, { columns: locked });
          },
          beforeDestroy(entry) {
            throw new ConflictError('ledger_append_only', `Ledger entry ${entry.id} cannot be deleted; record a reversing entry instead`);
          },
        },
      },
    );
  }
}
