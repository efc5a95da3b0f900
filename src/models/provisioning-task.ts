import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { PROVISIONING_ACTIONS, PROVISIONING_TASK_STATUSES, type ProvisioningAction, type ProvisioningTaskStatus } from './enums.js';
import type { Service } from './service.js';
import type { User } from './user.js';

/**
 * One panel operation to perform on a service, claimed by a worker (`claimedBy` until `claimedUntil`)
 * and retried with backoff; the idempotency key makes a repeated request one task.
 */
export class ProvisioningTask extends Model<InferAttributes<ProvisioningTask>, InferCreationAttributes<ProvisioningTask>> {
  declare id: CreationOptional<number>;
  declare serviceId: ForeignKey<Service['id']>;
  declare action: ProvisioningAction;
  declare status: CreationOptional<ProvisioningTaskStatus>;
  /** Action parameters: power signal, OS template, target plan... */
  declare payload: CreationOptional<Record<string, unknown> | null>;
  declare result: CreationOptional<Record<string, unknown> | null>;
  declare attempts: CreationOptional<number>;
  declare maxAttempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date | null>;
  declare claimedBy: CreationOptional<string | null>;
  declare claimedUntil: CreationOptional<Date | null>;
  declare startedAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare reason: CreationOptional<string | null>;
  declare requestedBy: ForeignKey<User['id']> | null;
  declare idempotencyKey: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ProvisioningTask {
    return ProvisioningTask.init(
      {
        id: attr.id(),
        action: attr.enum(PROVISIONING_ACTIONS),
        status: attr.enum(PROVISIONING_TASK_STATUSES, { default: 'pending' }),
        payload: attr.json(),
        result: attr.json(),
        attempts: attr.count({ min: 0, default: 0 }),
        maxAttempts: attr.count({ min: 1, default: 5 }),
        nextAttemptAt: attr.date(),
        claimedBy: attr.string(100),
        claimedUntil: attr.date(),
        startedAt: attr.date(),
        finishedAt: attr.date(),
        lastError: attr.text(),
        reason: attr.string(255),
        idempotencyKey: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'provisioning_tasks', modelName: 'ProvisioningTask', underscored: true },
    );
  }
}
