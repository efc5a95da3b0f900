import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { Service } from './service.js';

/** A quota alert (75/90/100 %) sent for a service in a cycle: one per service, cycle and threshold. */
export class BandwidthAlert extends Model<InferAttributes<BandwidthAlert>, InferCreationAttributes<BandwidthAlert>> {
  declare id: CreationOptional<number>;
  declare serviceId: ForeignKey<Service['id']>;
  /** YYYY-MM-DD (UTC). */
  declare cycleStart: string;
  declare thresholdPercent: number;
  declare usedBytes: CreationOptional<number>;
  declare quotaBytes: CreationOptional<number>;
  declare sentAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof BandwidthAlert {
    return BandwidthAlert.init(
      {
        id: attr.id(),
        cycleStart: attr.day(),
        thresholdPercent: { type: DataTypes.INTEGER, allowNull: false, validate: { min: 1, max: 1000 } },
        usedBytes: attr.count({ big: true, min: 0, default: 0 }),
        quotaBytes: attr.count({ big: true, min: 0, default: 0 }),
        sentAt: attr.date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'bandwidth_alerts', modelName: 'BandwidthAlert', underscored: true },
    );
  }
}
