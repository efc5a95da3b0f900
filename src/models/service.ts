import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { DRIVERS, PLAN_TYPES, SERVICE_STATUSES, type DriverName, type PlanType, type ServiceStatus } from './enums.js';
import type { Customer } from './customer.js';
import type { Subscription } from './subscription.js';

/**
 * The thing running on a panel for a subscription (one per subscription and type, which makes
 * provisioning retries idempotent). Soft-deleted (archived) rather than removed.
 */
export class Service extends Model<InferAttributes<Service>, InferCreationAttributes<Service>> {
  declare id: CreationOptional<number>;
  declare subscriptionId: ForeignKey<Subscription['id']>;
  declare customerId: ForeignKey<Customer['id']>;
  declare serviceType: PlanType;
  declare driver: DriverName;
  /** The panel's id of the server/account. */
  declare externalId: CreationOptional<string | null>;
  /** The panel's id of the customer's user, where the panel has users. */
  declare externalUserId: CreationOptional<string | null>;
  /** Our reference, sent to the panel (unique). */
  declare reference: string;
  declare status: CreationOptional<ServiceStatus>;
  declare hostname: CreationOptional<string | null>;
  declare domain: CreationOptional<string | null>;
  declare primaryIp: CreationOptional<string | null>;
  declare ipAddresses: CreationOptional<string[] | null>;
  /** AES-256-GCM ciphertext (encryptSecret) of the login details; excluded by the default scope. */
  declare credentialsEnc: CreationOptional<string | null>;
  declare panelData: CreationOptional<Record<string, unknown> | null>;
  declare provisionAttempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare lastSyncedAt: CreationOptional<Date | null>;
  declare provisionedAt: CreationOptional<Date | null>;
  declare suspendedAt: CreationOptional<Date | null>;
  declare suspensionReason: CreationOptional<string | null>;
  declare terminatedAt: CreationOptional<Date | null>;
  declare expiresAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;

  declare subscription?: NonAttribute<Subscription>;

  static initModel(sequelize: Sequelize): typeof Service {
    return Service.init(
      {
        id: attr.id(),
        serviceType: attr.enum(PLAN_TYPES),
        driver: attr.enum(DRIVERS),
        externalId: attr.string(100),
        externalUserId: attr.string(100),
        reference: { type: DataTypes.STRING(64), allowNull: false, validate: { notEmpty: true } },
        status: attr.enum(SERVICE_STATUSES, { default: 'pending' }),
        hostname: attr.string(255),
        domain: attr.string(255),
        primaryIp: { type: DataTypes.STRING(64), validate: { isIP: true } },
        ipAddresses: attr.json(),
        credentialsEnc: attr.text(),
        panelData: attr.json(),
        provisionAttempts: attr.count({ min: 0, default: 0 }),
        nextAttemptAt: attr.date(),
        lastError: attr.text(),
        lastSyncedAt: attr.date(),
        provisionedAt: attr.date(),
        suspendedAt: attr.date(),
        suspensionReason: attr.string(255),
        terminatedAt: attr.date(),
        expiresAt: attr.date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
        deletedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'services',
        modelName: 'Service',
        underscored: true,
        paranoid: true,
        defaultScope: { attributes: { exclude: ['credentialsEnc'] } },
        scopes: { withSecrets: { attributes: { include: ['credentialsEnc'] } } },
      },
    );
  }
}
