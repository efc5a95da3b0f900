import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { IDEMPOTENCY_STATUSES, type IdempotencyStatus } from './enums.js';

/** The first result of a request made under an idempotency key; see `withIdempotency` (`src/db/idempotency.ts`). */
export class IdempotencyRecord extends Model<InferAttributes<IdempotencyRecord>, InferCreationAttributes<IdempotencyRecord>> {
  declare id: CreationOptional<number>;
  /** Who and what the key is for (`api:user:7:POST /tickets`): the same key in two scopes is two records. */
  declare scope: string;
  declare key: string;
  /** SHA-256 of the request; the same key with another request is a conflict. */
  declare requestHash: string;
  declare status: CreationOptional<IdempotencyStatus>;
  declare responseStatus: CreationOptional<number | null>;
  /** JSON of the first result. */
  declare responseBody: CreationOptional<string | null>;
  /** While in progress: when a crashed holder's claim may be taken over. */
  declare lockedUntil: CreationOptional<Date | null>;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof IdempotencyRecord {
    return IdempotencyRecord.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        scope: { type: DataTypes.STRING(64), allowNull: false, validate: { notEmpty: true } },
        key: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        requestHash: { type: DataTypes.STRING(64), allowNull: false },
        status: attr.enum(IDEMPOTENCY_STATUSES, { default: 'in_progress' }),
        responseStatus: DataTypes.INTEGER,
        responseBody: DataTypes.TEXT,
        lockedUntil: DataTypes.DATE(3),
        expiresAt: { type: DataTypes.DATE(3), allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'idempotency_records', modelName: 'IdempotencyRecord', underscored: true },
    );
  }
}
