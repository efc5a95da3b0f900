import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { User } from './user.js';

/** Staff's edited version of a built-in email template (`views/emails/<key>`), keyed by template name. */
export class EmailTemplate extends Model<InferAttributes<EmailTemplate>, InferCreationAttributes<EmailTemplate>> {
  declare id: CreationOptional<number>;
  declare key: string;
  /** Handlebars source. */
  declare subject: string;
  declare html: string;
  declare text: CreationOptional<string | null>;
  declare description: CreationOptional<string | null>;
  /** A disabled template is not sent (only for mails that are not required, e.g. marketing). */
  declare enabled: CreationOptional<boolean>;
  declare updatedBy: ForeignKey<User['id']> | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof EmailTemplate {
    return EmailTemplate.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        key: { type: DataTypes.STRING(100), allowNull: false, validate: { is: /^[a-z0-9_.-]+$/ } },
        subject: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        html: { type: DataTypes.TEXT, allowNull: false, validate: { notEmpty: true } },
        text: DataTypes.TEXT,
        description: DataTypes.STRING(255),
        enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'email_templates', modelName: 'EmailTemplate', underscored: true },
    );
  }
}
