import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { TicketDepartment } from './ticket-department.js';

/** A reusable staff reply, for one department or (department null) for all. */
export class CannedResponse extends Model<InferAttributes<CannedResponse>, InferCreationAttributes<CannedResponse>> {
  declare id: CreationOptional<number>;
  declare title: string;
  declare body: string;
  declare departmentId: ForeignKey<TicketDepartment['id']> | null;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof CannedResponse {
    return CannedResponse.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        title: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        body: { type: DataTypes.TEXT, allowNull: false, validate: { notEmpty: true } },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'canned_responses', modelName: 'CannedResponse', underscored: true },
    );
  }
}
