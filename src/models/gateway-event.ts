import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { GATEWAY_EVENT_STATUSES, PAYMENT_GATEWAYS, type GatewayEventStatus, type PaymentGatewayName } from './enums.js';

/** A verified webhook event, recorded once per gateway and event id (duplicates are no-ops), then processed. */
export class GatewayEvent extends Model<InferAttributes<GatewayEvent>, InferCreationAttributes<GatewayEvent>> {
  declare id: CreationOptional<number>;
  declare gateway: PaymentGatewayName;
  declare eventId: string;
  declare type: string;
  /** The main object's id (PaymentIntent, charge, PayPal capture), for lookups. */
  declare objectId: CreationOptional<string | null>;
  declare payload: Record<string, unknown>;
  declare status: CreationOptional<GatewayEventStatus>;
  declare attempts: CreationOptional<number>;
  declare error: CreationOptional<string | null>;
  declare receivedAt: Date;
  declare processedAt: CreationOptional<Date | null>;
  declare nextAttemptAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof GatewayEvent {
    return GatewayEvent.init(
      {
        id: attr.id(),
        gateway: attr.enum(PAYMENT_GATEWAYS),
        eventId: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        type: { type: DataTypes.STRING(100), allowNull: false },
        objectId: attr.string(191),
        payload: attr.json(false),
        status: attr.enum(GATEWAY_EVENT_STATUSES, { default: 'received' }),
        attempts: attr.count({ min: 0, default: 0 }),
        error: attr.text(),
        receivedAt: attr.date(false),
        processedAt: attr.date(),
        nextAttemptAt: attr.date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'gateway_events', modelName: 'GatewayEvent', underscored: true },
    );
  }
}
