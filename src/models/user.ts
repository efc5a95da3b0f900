import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { ROLES, STAFF_ROLES, type RoleName } from './enums.js';
import type { Customer } from './customer.js';

/** A person who signs in: a customer or a staff member (role admin / support / finance). */
export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare passwordHash: string | null;
  declare legacyPasswordHash: CreationOptional<string | null>;
  declare legacyHashAlgo: CreationOptional<string | null>;
  declare role: CreationOptional<RoleName>;
  declare firstName: string | null;
  declare lastName: string | null;
  declare emailVerifiedAt: CreationOptional<Date | null>;
  declare totpSecretEnc: CreationOptional<string | null>;
  declare totpEnabledAt: CreationOptional<Date | null>;
  declare totpLastStep: CreationOptional<number | null>;
  declare passwordlessEnabled: CreationOptional<boolean>;
  declare suspendedAt: CreationOptional<Date | null>;
  declare suspensionReason: CreationOptional<string | null>;
  declare failedLoginCount: CreationOptional<number>;
  declare lockedUntil: CreationOptional<Date | null>;
  declare lastLoginAt: CreationOptional<Date | null>;
  declare lastLoginIp: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare customer?: NonAttribute<Customer>;

  get isStaff(): NonAttribute<boolean> {
    return (STAFF_ROLES as readonly string[]).includes(this.role);
  }

  get fullName(): NonAttribute<string> {
    return [this.firstName, this.lastName].filter(Boolean).join(' ') || this.email;
  }

  static initModel(sequelize: Sequelize): typeof User {
    return User.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        email: {
          type: DataTypes.STRING(191),
          allowNull: false,
          validate: { isEmail: true },
          set(value: string) {
            this.setDataValue('email', String(value).trim().toLowerCase());
          },
        },
        passwordHash: { type: DataTypes.STRING(255) },
        legacyPasswordHash: { type: DataTypes.STRING(255) },
        legacyHashAlgo: { type: DataTypes.STRING(32) },
        role: { type: DataTypes.ENUM(...ROLES), allowNull: false, defaultValue: 'customer' },
        firstName: { type: DataTypes.STRING(100) },
        lastName: { type: DataTypes.STRING(100) },
        emailVerifiedAt: { type: DataTypes.DATE },
        totpSecretEnc: { type: DataTypes.TEXT },
        totpEnabledAt: { type: DataTypes.DATE },
        totpLastStep: { type: DataTypes.INTEGER },
        passwordlessEnabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        suspendedAt: { type: DataTypes.DATE },
        suspensionReason: { type: DataTypes.STRING(255) },
        failedLoginCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lockedUntil: { type: DataTypes.DATE },
        lastLoginAt: { type: DataTypes.DATE },
        lastLoginIp: { type: DataTypes.STRING(64) },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'users',
        modelName: 'User',
        underscored: true,
        defaultScope: { attributes: { exclude: ['passwordHash', 'legacyPasswordHash', 'totpSecretEnc'] } },
        scopes: { withSecrets: { attributes: { include: ['passwordHash', 'legacyPasswordHash', 'totpSecretEnc'] } } },
      },
    );
  }
}
