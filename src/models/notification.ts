import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import type { User } from './user.js';

/** An in-app notification (the bell), for a customer or a staff member. */
export class Notification extends Model<InferAttributes<Notification>, InferCreationAttributes<Notification>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<User['id']>;
  /** Event that caused it, `resource.action` (`invoice.issued`, `ticket.replied`). */
  declare type: string;
  declare title: string;
  declare body: CreationOptional<string | null>;
  /** Relative link the notification opens (`/account/invoices/12`). */
  declare url: CreationOptional<string | null>;
  declare data: CreationOptional<Record<string, unknown> | null>;
  declare readAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  get isRead(): NonAttribute<boolean> {
    return this.readAt != null;
  }

  static initModel(sequelize: Sequelize): typeof Notification {
    return Notification.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        type: { type: DataTypes.STRING(64), allowNull: false, validate: { is: /^[a-z_]+(\.[a-z_]+)+$/ } },
        title: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        body: DataTypes.TEXT,
        url: { type: DataTypes.STRING(500), validate: { is: /^(\/|https?:\/\/)/ } },
        data: DataTypes.JSON,
        readAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'notifications', modelName: 'Notification', underscored: true },
    );
  }
}
