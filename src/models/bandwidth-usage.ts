import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import type { Service } from './service.js';

/** Traffic of a service on one UTC day (one row per service and day; re-collection overwrites it). */
export class BandwidthUsage extends Model<InferAttributes<BandwidthUsage>, InferCreationAttributes<BandwidthUsage>> {
  declare id: CreationOptional<number>;
  declare serviceId: ForeignKey<Service['id']>;
  /** YYYY-MM-DD (UTC). */
  declare day: string;
  declare bytesIn: CreationOptional<number>;
  declare bytesOut: CreationOptional<number>;
  declare collectedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof BandwidthUsage {
    return BandwidthUsage.init(
      {
        id: attr.id(),
        day: attr.day(),
        bytesIn: attr.count({ big: true, min: 0, default: 0 }),
        bytesOut: attr.count({ big: true, min: 0, default: 0 }),
        collectedAt: attr.date(false),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'bandwidth_usage', modelName: 'BandwidthUsage', underscored: true },
    );
  }
}
