import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { PAYMENT_GATEWAYS, PAYMENT_METHOD_KINDS, type PaymentGatewayName, type PaymentMethodKind } from './enums.js';
import type { Customer } from './customer.js';

/** A saved way to pay, held by the gateway: we keep its token and display details only, never card data. */
export class PaymentMethod extends Model<InferAttributes<PaymentMethod>, InferCreationAttributes<PaymentMethod>> {
  declare id: CreationOptional<number>;
  declare customerId: ForeignKey<Customer['id']>;
  declare gateway: PaymentGatewayName;
  /** Stripe PaymentMethod id, PayPal vault token (unique per gateway). */
  declare gatewayToken: string;
  declare kind: PaymentMethodKind;
  declare brand: CreationOptional<string | null>;
  declare last4: CreationOptional<string | null>;
  declare expMonth: CreationOptional<number | null>;
  declare expYear: CreationOptional<number | null>;
  /** Display label, e.g. the PayPal account's email. */
  declare label: CreationOptional<string | null>;
  /** The gateway's card fingerprint (same card on several accounts). */
  declare fingerprint: CreationOptional<string | null>;
  declare isDefault: CreationOptional<boolean>;
  declare detachedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof PaymentMethod {
    return PaymentMethod.init(
      {
        id: attr.id(),
        gateway: attr.enum(PAYMENT_GATEWAYS),
        gatewayToken: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        kind: attr.enum(PAYMENT_METHOD_KINDS),
        brand: attr.string(32),
        last4: { type: DataTypes.STRING(4), validate: { is: /^[0-9]{4}$/ } },
        expMonth: { type: DataTypes.INTEGER, validate: { min: 1, max: 12 } },
        expYear: { type: DataTypes.INTEGER, validate: { min: 2000, max: 2100 } },
        label: attr.string(191),
        fingerprint: attr.string(64),
        isDefault: attr.bool(false),
        detachedAt: attr.date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'payment_methods', modelName: 'PaymentMethod', underscored: true },
    );
  }
}
