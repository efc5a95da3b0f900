import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';

/** The components the status page shows: one per panel we sell on, and billing. */
export const STATUS_COMPONENTS = ['vps', 'game', 'dedicated', 'web', 'billing'] as const;
export type StatusComponent = (typeof STATUS_COMPONENTS)[number];

export const STATUS_STATES = ['operational', 'degraded', 'down'] as const;
export type StatusState = (typeof STATUS_STATES)[number];

/** The last reachability check of one status-page component (written by the `status:check` job). */
export class StatusCheck extends Model<InferAttributes<StatusCheck>, InferCreationAttributes<StatusCheck>> {
  declare id: CreationOptional<number>;
  declare component: StatusComponent;
  declare state: StatusState;
  declare latencyMs: CreationOptional<number | null>;
  /** Why it is not operational (no secrets: the panel's error code and status). */
  declare detail: CreationOptional<string | null>;
  declare checkedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof StatusCheck {
    return StatusCheck.init(
      {
        id: attr.id(),
        component: { type: DataTypes.STRING(32), allowNull: false, validate: { isIn: [STATUS_COMPONENTS as unknown as string[]] } },
        state: attr.enum(STATUS_STATES),
        latencyMs: { type: DataTypes.INTEGER },
        detail: attr.string(255),
        checkedAt: { type: DataTypes.DATE, allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'status_checks', modelName: 'StatusCheck', underscored: true },
    );
  }
}
