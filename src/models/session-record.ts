import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { User } from './user.js';

/** A web session kept in the database (the default store when Redis is not configured). */
export class SessionRecord extends Model<InferAttributes<SessionRecord>, InferCreationAttributes<SessionRecord>> {
  declare sid: string;
  declare userId: ForeignKey<User['id']> | null;
  /** 'portal' or 'admin'. */
  declare surface: CreationOptional<string | null>;
  declare data: string;
  declare expiresAt: Date;
  declare ip: CreationOptional<string | null>;
  declare userAgent: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof SessionRecord {
    return SessionRecord.init(
      {
        sid: { type: DataTypes.STRING(128), primaryKey: true },
        userId: { type: DataTypes.INTEGER },
        surface: DataTypes.STRING(16),
        data: { type: DataTypes.TEXT, allowNull: false },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
        ip: DataTypes.STRING(64),
        userAgent: DataTypes.STRING(255),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'sessions', modelName: 'SessionRecord', underscored: true },
    );
  }
}
