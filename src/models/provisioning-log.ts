import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { DRIVERS, type DriverName } from './enums.js';
import type { ProvisioningTask } from './provisioning-task.js';
import type { Service } from './service.js';

/** One call to a panel: what was asked (summarised, no secrets), how it answered, how long it took. Append-only. */
export class ProvisioningLog extends Model<InferAttributes<ProvisioningLog>, InferCreationAttributes<ProvisioningLog>> {
  declare id: CreationOptional<number>;
  declare serviceId: ForeignKey<Service['id']>;
  declare taskId: ForeignKey<ProvisioningTask['id']> | null;
  declare driver: DriverName;
  declare action: string;
  declare requestSummary: CreationOptional<string | null>;
  declare responseCode: CreationOptional<number | null>;
  declare durationMs: CreationOptional<number | null>;
  declare success: CreationOptional<boolean>;
  declare error: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ProvisioningLog {
    return ProvisioningLog.init(
      {
        id: attr.id(),
        driver: attr.enum(DRIVERS),
        action: { type: DataTypes.STRING(64), allowNull: false },
        requestSummary: attr.text(),
        responseCode: { type: DataTypes.INTEGER },
        durationMs: attr.count({ nullable: true, min: 0 }),
        success: attr.bool(false),
        error: attr.text(),
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'provisioning_logs', modelName: 'ProvisioningLog', underscored: true, updatedAt: false },
    );
  }
}
