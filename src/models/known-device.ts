import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { User } from './user.js';

/** A device a user has signed in from; a new one triggers a login notification. */
export class KnownDevice extends Model<InferAttributes<KnownDevice>, InferCreationAttributes<KnownDevice>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<User['id']>;
  declare fingerprint: string;
  declare userAgent: CreationOptional<string | null>;
  declare ip: CreationOptional<string | null>;
  declare lastSeenAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof KnownDevice {
    return KnownDevice.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        fingerprint: { type: DataTypes.STRING(64), allowNull: false },
        userAgent: DataTypes.STRING(255),
        ip: DataTypes.STRING(64),
        lastSeenAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'known_devices', modelName: 'KnownDevice', underscored: true },
    );
  }
}
