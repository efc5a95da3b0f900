import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { ForbiddenError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { AUDIT_ACTOR_TYPES, type AuditActorType } from './enums.js';
import type { User } from './user.js';

export type AuditValues = Record<string, unknown>;

function refuseChange(): never {
  throw new ForbiddenError('audit_log_append_only', 'Audit log entries cannot be changed or deleted');
}

/** Who changed what, when, from which values to which. Append-only: written by `recordAudit`, never updated or deleted. */
export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<number>;
  declare actorType: AuditActorType;
  declare actorId: ForeignKey<User['id']> | null;
  declare impersonatorId: ForeignKey<User['id']> | null;
  /** `resource.action`, past tense: `invoice.voided`. */
  declare action: string;
  declare entityType: string;
  declare entityId: string | null;
  /** Changed keys only, secrets dropped (see `diffForAudit`). */
  declare before: AuditValues | null;
  declare after: AuditValues | null;
  declare reason: CreationOptional<string | null>;
  declare ip: CreationOptional<string | null>;
  declare userAgent: CreationOptional<string | null>;
  declare requestId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof AuditLog {
    return AuditLog.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        actorType: attr.enum(AUDIT_ACTOR_TYPES),
        action: { type: DataTypes.STRING(100), allowNull: false, validate: { is: /^[a-z0-9_]+(\.[a-z0-9_]+)+$/ } },
        entityType: { type: DataTypes.STRING(64), allowNull: false, validate: { notEmpty: true } },
        entityId: DataTypes.STRING(64),
        before: DataTypes.JSON,
        after: DataTypes.JSON,
        reason: DataTypes.STRING(500),
        ip: DataTypes.STRING(64),
        userAgent: DataTypes.STRING(255),
        requestId: DataTypes.STRING(64),
        createdAt: DataTypes.DATE(3),
      },
      {
        sequelize,
        tableName: 'audit_logs',
        modelName: 'AuditLog',
        underscored: true,
        updatedAt: false,
        hooks: {
          beforeUpdate: refuseChange,
          beforeBulkUpdate: refuseChange,
          beforeDestroy: refuseChange,
          beforeBulkDestroy: refuseChange,
          beforeUpsert: refuseChange,
        },
      },
    );
  }
}
