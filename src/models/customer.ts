import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { CURRENCY_CODES, CUSTOMER_STATUSES, type CurrencyCode, type CustomerStatus } from './enums.js';
import type { User } from './user.js';

export interface EmailPreferences {
  marketing: boolean;
  invoices: boolean;
  serviceUpdates: boolean;
  bandwidthAlerts: boolean;
}

/** A customer's profile: contact, addresses, tax identity, currency and cached credit balance. */
export class Customer extends Model<InferAttributes<Customer>, InferCreationAttributes<Customer>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<User['id']>;
  declare status: CreationOptional<CustomerStatus>;
  declare company: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare billingLine1: CreationOptional<string | null>;
  declare billingLine2: CreationOptional<string | null>;
  declare billingCity: CreationOptional<string | null>;
  declare billingRegion: CreationOptional<string | null>;
  declare billingPostalCode: CreationOptional<string | null>;
  declare billingCountry: CreationOptional<string | null>;
  declare shippingLine1: CreationOptional<string | null>;
  declare shippingLine2: CreationOptional<string | null>;
  declare shippingCity: CreationOptional<string | null>;
  declare shippingRegion: CreationOptional<string | null>;
  declare shippingPostalCode: CreationOptional<string | null>;
  declare shippingCountry: CreationOptional<string | null>;
  declare taxId: CreationOptional<string | null>;
  declare taxExempt: CreationOptional<boolean>;
  declare isBusiness: CreationOptional<boolean>;
  declare currency: CreationOptional<CurrencyCode | null>;
  /** Cache of the credit ledger, updated in the same transaction as each credit ledger row. */
  declare creditBalanceMinor: CreationOptional<number>;
  declare emailPreferences: CreationOptional<EmailPreferences | null>;
  declare dunningExempt: CreationOptional<boolean>;
  declare stripeCustomerId: CreationOptional<string | null>;
  declare paypalPayerId: CreationOptional<string | null>;
  declare signupIp: CreationOptional<string | null>;
  declare signupCountry: CreationOptional<string | null>;
  declare riskFlags: CreationOptional<string[] | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare user?: NonAttribute<User>;

  static initModel(sequelize: Sequelize): typeof Customer {
    const str = (n: number) => ({ type: DataTypes.STRING(n) });
    return Customer.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        status: { type: DataTypes.ENUM(...CUSTOMER_STATUSES), allowNull: false, defaultValue: 'active' },
        company: str(191),
        phone: str(40),
        billingLine1: str(191),
        billingLine2: str(191),
        billingCity: str(100),
        billingRegion: str(100),
        billingPostalCode: str(20),
        billingCountry: { type: DataTypes.STRING(2), validate: { is: /^[A-Z]{2}$/ } },
        shippingLine1: str(191),
        shippingLine2: str(191),
        shippingCity: str(100),
        shippingRegion: str(100),
        shippingPostalCode: str(20),
        shippingCountry: { type: DataTypes.STRING(2), validate: { is: /^[A-Z]{2}$/ } },
        taxId: str(64),
        taxExempt: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        isBusiness: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        currency: { type: DataTypes.STRING(3), validate: { isIn: [CURRENCY_CODES as unknown as string[]] } },
        creditBalanceMinor: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0, validate: { min: 0 } },
        emailPreferences: { type: DataTypes.JSON },
        dunningExempt: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        stripeCustomerId: str(64),
        paypalPayerId: str(64),
        signupIp: str(64),
        signupCountry: str(2),
        riskFlags: { type: DataTypes.JSON },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'customers', modelName: 'Customer', underscored: true },
    );
  }
}
