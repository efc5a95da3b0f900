import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Customer } from './customer.js';
import type { User } from './user.js';

/** A staff-only note on a customer. */
export class AdminNote extends Model<InferAttributes<AdminNote>, InferCreationAttributes<AdminNote>> {
  declare id: CreationOptional<number>;
  declare customerId: ForeignKey<Customer['id']>;
  declare authorId: ForeignKey<User['id']> | null;
  declare body: string;
  declare pinned: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof AdminNote {
    return AdminNote.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        body: { type: DataTypes.TEXT, allowNull: false, validate: { notEmpty: true } },
        pinned: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'admin_notes', modelName: 'AdminNote', underscored: true },
    );
  }
}
