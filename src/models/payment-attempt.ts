import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import {
  DECLINE_TYPES,
  PAYMENT_ATTEMPT_STATUSES,
  PAYMENT_GATEWAYS,
  type CurrencyCode,
  type DeclineType,
  type PaymentAttemptStatus,
  type PaymentGatewayName,
} from './enums.js';
import type { Customer } from './customer.js';
import type { Invoice } from './invoice.js';
import type { PaymentMethod } from './payment-method.js';

/**
 * One try at collecting an invoice through a gateway (customer checkout or dunning retry). The
 * idempotency key is also sent to the gateway, so a retried call charges once.
 */
export class PaymentAttempt extends Model<InferAttributes<PaymentAttempt>, InferCreationAttributes<PaymentAttempt>> {
  declare id: CreationOptional<number>;
  declare invoiceId: ForeignKey<Invoice['id']>;
  declare customerId: ForeignKey<Customer['id']>;
  declare gateway: PaymentGatewayName;
  declare paymentMethodId: ForeignKey<PaymentMethod['id']> | null;
  declare amountMinor: number;
  declare currency: CurrencyCode;
  declare status: CreationOptional<PaymentAttemptStatus>;
  /** PaymentIntent id, PayPal order/capture id. */
  declare gatewayReference: CreationOptional<string | null>;
  declare failureCode: CreationOptional<string | null>;
  declare failureMessage: CreationOptional<string | null>;
  /** hard = do not retry the same method; soft = retry later. */
  declare declineType: CreationOptional<DeclineType | null>;
  /** Where the customer completes 3-D Secure or PayPal approval. */
  declare actionUrl: CreationOptional<string | null>;
  declare attemptNumber: CreationOptional<number>;
  /** Charged without the customer present (renewal/dunning). */
  declare offSession: CreationOptional<boolean>;
  declare idempotencyKey: string;
  declare attemptedAt: Date;
  declare completedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof PaymentAttempt {
    return PaymentAttempt.init(
      {
        id: attr.id(),
        gateway: attr.enum(PAYMENT_GATEWAYS),
        amountMinor: { ...attr.money(), validate: { min: 1, isInt: true } },
        currency: attr.currency(),
        status: attr.enum(PAYMENT_ATTEMPT_STATUSES, { default: 'pending' }),
        gatewayReference: attr.string(191),
        failureCode: attr.string(100),
        failureMessage: attr.string(255),
        declineType: attr.enum(DECLINE_TYPES, { nullable: true }),
        actionUrl: { type: DataTypes.STRING(1024), validate: { isUrl: true } },
        attemptNumber: attr.count({ min: 1, default: 1 }),
        offSession: attr.bool(false),
        idempotencyKey: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        attemptedAt: attr.date(false),
        completedAt: attr.date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'payment_attempts', modelName: 'PaymentAttempt', underscored: true },
    );
  }
}
