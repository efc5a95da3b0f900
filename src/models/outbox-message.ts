import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { clock } from '../lib/clock.js';
import { attr } from './attributes.js';
import { OUTBOX_CHANNELS, OUTBOX_STATUSES, type OutboxChannel, type OutboxStatus } from './enums.js';

/**
 * A side effect other than mail (Discord post, domain event, outgoing webhook), written in the
 * transaction that decided it and delivered after commit by the worker.
 */
export class OutboxMessage extends Model<InferAttributes<OutboxMessage>, InferCreationAttributes<OutboxMessage>> {
  declare id: CreationOptional<number>;
  declare channel: OutboxChannel;
  /** Event name (`invoice.paid`) or, for Discord, the settings channel (`payments`). */
  declare topic: string;
  declare payload: Record<string, unknown>;
  declare status: CreationOptional<OutboxStatus>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date>;
  declare claimedUntil: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare dedupeKey: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof OutboxMessage {
    return OutboxMessage.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        channel: attr.enum(OUTBOX_CHANNELS),
        topic: { type: DataTypes.STRING(100), allowNull: false, validate: { notEmpty: true } },
        payload: { type: DataTypes.JSON, allowNull: false },
        status: attr.enum(OUTBOX_STATUSES, { default: 'pending' }),
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        nextAttemptAt: { type: DataTypes.DATE(3), allowNull: false },
        claimedUntil: DataTypes.DATE(3),
        lastError: DataTypes.TEXT,
        deliveredAt: DataTypes.DATE,
        dedupeKey: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'outbox_messages',
        modelName: 'OutboxMessage',
        underscored: true,
        hooks: {
          beforeValidate(message) {
            if (!message.nextAttemptAt) message.nextAttemptAt = clock.now();
          },
        },
      },
    );
  }
}
