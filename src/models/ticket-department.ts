import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A support department (Sales, Technical, Billing): routes tickets and picks the reply-from address. */
export class TicketDepartment extends Model<InferAttributes<TicketDepartment>, InferCreationAttributes<TicketDepartment>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare slug: string;
  /** Reply-from and inbound address for this department; the default support address when null. */
  declare email: CreationOptional<string | null>;
  declare description: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  declare sortOrder: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof TicketDepartment {
    return TicketDepartment.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(100), allowNull: false, validate: { notEmpty: true } },
        slug: { type: DataTypes.STRING(64), allowNull: false, validate: { is: SLUG_PATTERN } },
        email: {
          type: DataTypes.STRING(191),
          validate: { isEmail: true },
          set(value: string | null) {
            this.setDataValue('email', value == null ? null : String(value).trim().toLowerCase());
          },
        },
        description: DataTypes.STRING(255),
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'ticket_departments', modelName: 'TicketDepartment', underscored: true },
    );
  }
}
