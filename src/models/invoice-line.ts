import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize, type Transaction } from 'sequelize';
import { ConflictError, ValidationError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { INVOICE_LINE_KINDS, type InvoiceLineKind } from './enums.js';
import { Invoice } from './invoice.js';
import { forceIndividualHooks, known } from './row-guards.js';
import type { Coupon } from './coupon.js';
import type { Plan } from './plan.js';
import type { Subscription } from './subscription.js';
import type { TaxRate } from './tax-rate.js';

async function assertDraft(invoiceId: number | null | undefined, transaction: Transaction | null | undefined): Promise<void> {
  if (invoiceId === null || invoiceId === undefined) return;
  const invoice = await Invoice.findByPk(invoiceId, { attributes: ['id', 'number', 'status', 'issuedAt'], transaction: transaction ?? undefined });
  if (invoice && (invoice.status !== 'draft' || invoice.issuedAt)) {
    throw new ConflictError('invoice_immutable', `Invoice ${invoice.number ?? invoice.id} is issued: its lines cannot change; issue a credit note instead`);
  }
}

/** Discount and credit lines take money off: their amount is never positive. */
function assertSign(line: InvoiceLine): void {
  if ((line.kind === 'discount' || line.kind === 'credit') && known(line.amountMinor) && line.amountMinor > 0) {
    throw new ValidationError('invoice_line_invalid', `a ${line.kind} line cannot be positive`);
  }
}

/**
 * One line of an invoice. `amountMinor` is signed (discount and credit lines are negative) and is
 * the line's net amount before tax; lines of an issued invoice cannot be added, changed or removed.
 */
export class InvoiceLine extends Model<InferAttributes<InvoiceLine>, InferCreationAttributes<InvoiceLine>> {
  declare id: CreationOptional<number>;
  declare invoiceId: ForeignKey<Invoice['id']>;
  declare kind: InvoiceLineKind;
  declare description: string;
  declare quantity: CreationOptional<number>;
  declare unitAmountMinor: number;
  declare amountMinor: number;
  declare discountMinor: CreationOptional<number>;
  declare taxRateBp: CreationOptional<number>;
  declare taxMinor: CreationOptional<number>;
  declare taxRateId: ForeignKey<TaxRate['id']> | null;
  /** false: never taxed (a staff line marked untaxed, a plan that is not taxable). */
  declare taxable: CreationOptional<boolean>;
  declare subscriptionId: ForeignKey<Subscription['id']> | null;
  declare planId: ForeignKey<Plan['id']> | null;
  declare couponId: ForeignKey<Coupon['id']> | null;
  declare periodStart: CreationOptional<Date | null>;
  declare periodEnd: CreationOptional<Date | null>;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof InvoiceLine {
    return InvoiceLine.init(
      {
        id: attr.id(),
        kind: attr.enum(INVOICE_LINE_KINDS),
        description: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        quantity: attr.count({ min: 1, default: 1 }),
        unitAmountMinor: attr.money({ signed: true }),
        amountMinor: attr.money({ signed: true }),
        discountMinor: attr.money(),
        taxRateBp: attr.basisPoints(),
        taxMinor: attr.money({ signed: true }),
        taxable: attr.bool(true),
        periodStart: attr.date(),
        periodEnd: attr.date(),
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'invoice_lines',
        modelName: 'InvoiceLine',
        underscored: true,
        hooks: {
          beforeBulkCreate: (_lines, options) => forceIndividualHooks(options),
          beforeBulkUpdate: forceIndividualHooks,
          beforeBulkDestroy: forceIndividualHooks,
          async beforeCreate(line, options) {
            assertSign(line);
            await assertDraft(line.invoiceId, options.transaction);
          },
          async beforeUpdate(line, options) {
            assertSign(line);
            await assertDraft(line.previous('invoiceId') as number | undefined, options.transaction);
            if (line.changed('invoiceId')) await assertDraft(line.invoiceId, options.transaction);
          },
          async beforeDestroy(line, options) {
            await assertDraft(line.invoiceId, options.transaction);
          },
        },
      },
    );
  }
}
