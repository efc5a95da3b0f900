import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { WAITLIST_STATUSES, type WaitlistStatus } from './enums.js';
import type { Customer } from './customer.js';
import type { Order } from './order.js';
import type { Plan } from './plan.js';

/** A customer waiting for stock of a plan (served first come, first served). */
export class WaitlistEntry extends Model<InferAttributes<WaitlistEntry>, InferCreationAttributes<WaitlistEntry>> {
  declare id: CreationOptional<number>;
  declare planId: ForeignKey<Plan['id']>;
  declare customerId: ForeignKey<Customer['id']>;
  declare orderId: ForeignKey<Order['id']> | null;
  declare status: CreationOptional<WaitlistStatus>;
  declare notifiedAt: CreationOptional<Date | null>;
  declare fulfilledAt: CreationOptional<Date | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof WaitlistEntry {
    return WaitlistEntry.init(
      {
        id: attr.id(),
        status: attr.enum(WAITLIST_STATUSES, { default: 'waiting' }),
        notifiedAt: attr.date(),
        fulfilledAt: attr.date(),
        cancelledAt: attr.date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'waitlist_entries', modelName: 'WaitlistEntry', underscored: true },
    );
  }
}
