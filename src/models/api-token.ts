import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { User } from './user.js';

/** A personal API token for /api/v1, stored as a SHA-256 hash with its abilities. */
export class ApiToken extends Model<InferAttributes<ApiToken>, InferCreationAttributes<ApiToken>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<User['id']>;
  declare name: string;
  /** First characters of the token, shown to tell tokens apart. */
  declare tokenPrefix: string;
  declare tokenHash: string;
  declare abilities: string[];
  declare lastUsedAt: CreationOptional<Date | null>;
  declare lastUsedIp: CreationOptional<string | null>;
  declare expiresAt: CreationOptional<Date | null>;
  declare revokedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ApiToken {
    return ApiToken.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(100), allowNull: false },
        tokenPrefix: { type: DataTypes.STRING(16), allowNull: false },
        tokenHash: { type: DataTypes.STRING(64), allowNull: false },
        abilities: { type: DataTypes.JSON, allowNull: false },
        lastUsedAt: DataTypes.DATE,
        lastUsedIp: DataTypes.STRING(64),
        expiresAt: DataTypes.DATE,
        revokedAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'api_tokens', modelName: 'ApiToken', underscored: true, defaultScope: { attributes: { exclude: ['tokenHash'] } } },
    );
  }
}
