import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { CONTACT_MESSAGE_STATUSES, type ContactMessageStatus } from './enums.js';

/** A message sent through the marketing site's contact form. */
export class ContactMessage extends Model<InferAttributes<ContactMessage>, InferCreationAttributes<ContactMessage>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare email: string;
  declare subject: CreationOptional<string | null>;
  declare message: string;
  declare ip: CreationOptional<string | null>;
  declare userAgent: CreationOptional<string | null>;
  declare status: CreationOptional<ContactMessageStatus>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ContactMessage {
    return ContactMessage.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(100), allowNull: false, validate: { notEmpty: true } },
        email: {
          type: DataTypes.STRING(191),
          allowNull: false,
          validate: { isEmail: true },
          set(value: string) {
            this.setDataValue('email', String(value).trim().toLowerCase());
          },
        },
        subject: DataTypes.STRING(191),
        message: { type: DataTypes.TEXT, allowNull: false, validate: { notEmpty: true } },
        ip: DataTypes.STRING(64),
        userAgent: DataTypes.STRING(255),
        status: attr.enum(CONTACT_MESSAGE_STATUSES, { default: 'new' }),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'contact_messages', modelName: 'ContactMessage', underscored: true },
    );
  }
}
