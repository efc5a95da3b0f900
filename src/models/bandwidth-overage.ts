import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { ValidationError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { BANDWIDTH_OVERAGE_STATUSES, type BandwidthOverageStatus, type CurrencyCode } from './enums.js';
import { known } from './row-guards.js';
import type { Invoice } from './invoice.js';
import type { Service } from './service.js';
import type { Subscription } from './subscription.js';
import type { User } from './user.js';

/** Cross-column rules, checked before each insert and per-row update. */
function assertValid(o: BandwidthOverage): void {
  if (known(o.cycleStart, o.cycleEnd) && o.cycleEnd <= o.cycleStart) throw new ValidationError('bandwidth_overage_invalid', 'cycleEnd must be after cycleStart');
  if (known(o.overageBytes, o.usedBytes, o.quotaBytes) && o.overageBytes !== Math.max(0, o.usedBytes - o.quotaBytes)) {
    throw new ValidationError('bandwidth_overage_invalid', 'overageBytes must equal usedBytes - quotaBytes');
  }
}

/** Traffic over quota in one cycle of a service and what it costs (one per service and cycle). */
export class BandwidthOverage extends Model<InferAttributes<BandwidthOverage>, InferCreationAttributes<BandwidthOverage>> {
  declare id: CreationOptional<number>;
  declare serviceId: ForeignKey<Service['id']>;
  declare subscriptionId: ForeignKey<Subscription['id']>;
  /** YYYY-MM-DD (UTC), inclusive. */
  declare cycleStart: string;
  /** YYYY-MM-DD (UTC), exclusive. */
  declare cycleEnd: string;
  declare quotaBytes: number;
  declare usedBytes: number;
  declare overageBytes: number;
  declare rateMinorPerGb: number;
  declare amountMinor: number;
  declare currency: CurrencyCode;
  declare status: CreationOptional<BandwidthOverageStatus>;
  declare invoiceId: ForeignKey<Invoice['id']> | null;
  declare waivedBy: ForeignKey<User['id']> | null;
  declare waiveReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof BandwidthOverage {
    return BandwidthOverage.init(
      {
        id: attr.id(),
        cycleStart: attr.day(),
        cycleEnd: attr.day(),
        quotaBytes: attr.count({ big: true, min: 0 }),
        usedBytes: attr.count({ big: true, min: 0 }),
        overageBytes: attr.count({ big: true, min: 0 }),
        rateMinorPerGb: attr.money(),
        amountMinor: attr.money(),
        currency: attr.currency(),
        status: attr.enum(BANDWIDTH_OVERAGE_STATUSES, { default: 'pending' }),
        waiveReason: attr.string(255),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'bandwidth_overages',
        modelName: 'BandwidthOverage',
        underscored: true,
        hooks: { beforeCreate: assertValid, beforeUpdate: assertValid },
      },
    );
  }
}
