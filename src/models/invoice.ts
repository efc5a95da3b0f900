import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { ConflictError, ValidationError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { INVOICE_KINDS, INVOICE_STATUSES, type CurrencyCode, type InvoiceKind, type InvoiceStatus } from './enums.js';
import { changedAmong, forceIndividualHooks, known, missing } from './row-guards.js';
import type { Customer } from './customer.js';
import type { InvoiceLine } from './invoice-line.js';
import type { Order } from './order.js';
import type { Subscription } from './subscription.js';

/** Seller or buyer identity as printed on the invoice, frozen when it is issued. */
export interface InvoiceParty {
  name: string;
  company?: string | null;
  email?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
  taxId?: string | null;
  [key: string]: unknown;
}

/** Columns fixed once an invoice is issued: corrections are credit notes, never edits. */
export const INVOICE_LOCKED_COLUMNS = [
  'number',
  'customerId',
  'subscriptionId',
  'orderId',
  'kind',
  'currency',
  'subtotalMinor',
  'discountMinor',
  'taxMinor',
  'totalMinor',
  'fxRateMicros',
  'taxInclusive',
  'reverseCharge',
  'periodStart',
  'periodEnd',
  'issuedAt',
  'seller',
  'buyer',
] as const;

/** Cross-column rules, checked before each insert and per-row update. */
function assertValid(invoice: Invoice): void {
  const fail = (message: string): never => {
    throw new ValidationError('invoice_invalid', message);
  };
  if (invoice.status !== undefined && invoice.status !== 'draft' && (missing(invoice, invoice.number) || missing(invoice, invoice.issuedAt))) {
    fail('a non-draft invoice needs its number and issuedAt');
  }
  if (known(invoice.amountDueMinor, invoice.totalMinor) && invoice.amountDueMinor > invoice.totalMinor) fail('amountDueMinor exceeds totalMinor');
  if (known(invoice.periodStart, invoice.periodEnd) && (invoice.periodEnd as Date) < (invoice.periodStart as Date)) fail('periodEnd is before periodStart');
}

/**
 * A bill: draft while it is built, then issued (numbered, immutable) and settled through ledger rows;
 * `amountDueMinor` caches the ledger-derived balance and is updated in the same transaction.
 */
export class Invoice extends Model<InferAttributes<Invoice>, InferCreationAttributes<Invoice>> {
  declare id: CreationOptional<number>;
  /** Gap-free, assigned when issued; null while draft. */
  declare number: CreationOptional<string | null>;
  declare customerId: ForeignKey<Customer['id']>;
  declare subscriptionId: ForeignKey<Subscription['id']> | null;
  declare orderId: ForeignKey<Order['id']> | null;
  declare kind: InvoiceKind;
  declare status: CreationOptional<InvoiceStatus>;
  declare currency: CurrencyCode;
  declare subtotalMinor: CreationOptional<number>;
  declare discountMinor: CreationOptional<number>;
  declare taxMinor: CreationOptional<number>;
  declare totalMinor: CreationOptional<number>;
  declare amountDueMinor: CreationOptional<number>;
  /** Rate to the base currency on the issue day (x 1,000,000), frozen for reports. */
  declare fxRateMicros: CreationOptional<number | null>;
  declare taxInclusive: CreationOptional<boolean>;
  declare reverseCharge: CreationOptional<boolean>;
  declare periodStart: CreationOptional<Date | null>;
  declare periodEnd: CreationOptional<Date | null>;
  declare issuedAt: CreationOptional<Date | null>;
  declare dueAt: CreationOptional<Date | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare voidedAt: CreationOptional<Date | null>;
  declare voidReason: CreationOptional<string | null>;
  declare uncollectibleAt: CreationOptional<Date | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare seller: CreationOptional<InvoiceParty | null>;
  declare buyer: CreationOptional<InvoiceParty | null>;
  declare notes: CreationOptional<string | null>;
  declare disputed: CreationOptional<boolean>;
  declare dunningStep: CreationOptional<number>;
  declare nextRetryAt: CreationOptional<Date | null>;
  /** Business identity of the effect, e.g. `renewal:<subscriptionId>:<periodStart>`. */
  declare idempotencyKey: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare lines?: NonAttribute<InvoiceLine[]>;
  declare customer?: NonAttribute<Customer>;

  /** True once issued (as stored, before any pending change). */
  get wasIssued(): NonAttribute<boolean> {
    if (this.isNewRecord) return false;
    return this.previous('issuedAt') != null || (this.previous('status') ?? 'draft') !== 'draft';
  }

  static initModel(sequelize: Sequelize): typeof Invoice {
    return Invoice.init(
      {
        id: attr.id(),
        number: attr.string(32),
        kind: attr.enum(INVOICE_KINDS),
        status: attr.enum(INVOICE_STATUSES, { default: 'draft' }),
        currency: attr.currency(),
        subtotalMinor: attr.money(),
        discountMinor: attr.money(),
        taxMinor: attr.money(),
        totalMinor: attr.money(),
        amountDueMinor: attr.money(),
        fxRateMicros: attr.count({ big: true, nullable: true, min: 1 }),
        taxInclusive: attr.bool(false),
        reverseCharge: attr.bool(false),
        periodStart: attr.date(),
        periodEnd: attr.date(),
        issuedAt: attr.date(),
        dueAt: attr.date(),
        paidAt: attr.date(),
        voidedAt: attr.date(),
        voidReason: attr.string(255),
        uncollectibleAt: attr.date(),
        sentAt: attr.date(),
        seller: attr.json(),
        buyer: attr.json(),
        notes: attr.text(),
        disputed: attr.bool(false),
        dunningStep: attr.count({ min: 0, default: 0 }),
        nextRetryAt: attr.date(),
        idempotencyKey: attr.string(191),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'invoices',
        modelName: 'Invoice',
        underscored: true,
        hooks: {
          beforeBulkUpdate: forceIndividualHooks,
          beforeBulkDestroy: forceIndividualHooks,
          beforeCreate: assertValid,
          async beforeUpdate(invoice, options) {
            assertValid(invoice);
            // NOTE: a row loaded without status/issuedAt cannot tell whether it was issued: ask the database.
            const stored =
              invoice.previous('status') === undefined || invoice.previous('issuedAt') === undefined
                ? await Invoice.findByPk(invoice.id, { attributes: ['id', 'status', 'issuedAt'], transaction: options.transaction ?? undefined })
                : invoice;
            if (!stored?.wasIssued) return;
            const locked = changedAmong(invoice, INVOICE_LOCKED_COLUMNS);
            if (invoice.changed('status') && invoice.status === 'draft') locked.push('status');
            if (locked.length > 0) {
              throw new ConflictError('invoice_immutable', `Invoice ${invoice.number ?? invoice.id} is issued: ${locked.join(', ')} cannot change; issue a credit note instead`, { columns: locked });
            }
          },
          beforeDestroy(invoice) {
            if (invoice.wasIssued) throw new ConflictError('invoice_immutable', `Invoice ${invoice.number ?? invoice.id} is issued and cannot be deleted; void it instead`);
          },
        },
      },
    );
  }
}
