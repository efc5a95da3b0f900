import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { User } from './user.js';

/** A WebAuthn credential (passkey) registered by a user. */
export class Passkey extends Model<InferAttributes<Passkey>, InferCreationAttributes<Passkey>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<User['id']>;
  /** base64url credential id. */
  declare credentialId: string;
  /** base64url COSE public key. */
  declare publicKey: string;
  declare counter: CreationOptional<number>;
  declare transports: CreationOptional<string[] | null>;
  declare deviceType: CreationOptional<string | null>;
  declare backedUp: CreationOptional<boolean>;
  declare name: CreationOptional<string | null>;
  declare lastUsedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Passkey {
    return Passkey.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        credentialId: { type: DataTypes.STRING(512), allowNull: false },
        publicKey: { type: DataTypes.TEXT, allowNull: false },
        counter: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
        transports: DataTypes.JSON,
        deviceType: DataTypes.STRING(32),
        backedUp: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        name: DataTypes.STRING(100),
        lastUsedAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'passkeys', modelName: 'Passkey', underscored: true },
    );
  }
}
