import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { ValidationError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { COUPON_DURATIONS, COUPON_KINDS, type BillingCycle, type CouponDuration, type CouponKind, type PlanType } from './enums.js';
import { known, missing } from './row-guards.js';
import type { CouponAmount } from './coupon-amount.js';

/** Cross-column rules, checked before each insert and per-row update. */
function assertValid(coupon: Coupon): void {
  const fail = (message: string): never => {
    throw new ValidationError('coupon_invalid', message);
  };
  if (coupon.kind === 'percent' && missing(coupon, coupon.percentBp)) fail('a percent coupon needs percentBp');
  if (coupon.kind === 'fixed' && known(coupon.percentBp)) fail('a fixed coupon takes its amounts from coupon_amounts, not percentBp');
  if (coupon.duration === 'repeating' && missing(coupon, coupon.durationPeriods)) fail('a repeating coupon needs durationPeriods');
  if (coupon.duration !== undefined && coupon.duration !== 'repeating' && known(coupon.durationPeriods)) fail('durationPeriods is only for a repeating coupon');
  if (known(coupon.validFrom, coupon.validUntil) && (coupon.validUntil as Date) <= (coupon.validFrom as Date)) fail('validUntil must be after validFrom');
}

/**
 * A discount code: a percentage (`percentBp`) or a fixed amount per currency (`coupon_amounts`),
 * applied once, for `durationPeriods` billing periods, or forever.
 */
export class Coupon extends Model<InferAttributes<Coupon>, InferCreationAttributes<Coupon>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare description: CreationOptional<string | null>;
  declare kind: CouponKind;
  declare percentBp: CreationOptional<number | null>;
  declare duration: CreationOptional<CouponDuration>;
  declare durationPeriods: CreationOptional<number | null>;
  /** null = every plan. */
  declare appliesToPlanIds: CreationOptional<number[] | null>;
  declare appliesToTypes: CreationOptional<PlanType[] | null>;
  declare appliesToCycles: CreationOptional<BillingCycle[] | null>;
  declare newCustomersOnly: CreationOptional<boolean>;
  declare validFrom: CreationOptional<Date | null>;
  declare validUntil: CreationOptional<Date | null>;
  declare maxRedemptions: CreationOptional<number | null>;
  declare maxPerCustomer: CreationOptional<number | null>;
  declare timesRedeemed: CreationOptional<number>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare amounts?: NonAttribute<CouponAmount[]>;

  static initModel(sequelize: Sequelize): typeof Coupon {
    return Coupon.init(
      {
        id: attr.id(),
        code: {
          type: DataTypes.STRING(64),
          allowNull: false,
          validate: { is: /^[A-Z0-9_-]+$/ },
          set(value: string) {
            this.setDataValue('code', String(value).trim().toUpperCase());
          },
        },
        description: attr.string(255),
        kind: attr.enum(COUPON_KINDS),
        percentBp: { type: DataTypes.INTEGER, validate: { min: 1, max: 10_000 } },
        duration: attr.enum(COUPON_DURATIONS, { default: 'once' }),
        durationPeriods: attr.count({ nullable: true, min: 1 }),
        appliesToPlanIds: attr.json(),
        appliesToTypes: attr.json(),
        appliesToCycles: attr.json(),
        newCustomersOnly: attr.bool(false),
        validFrom: attr.date(),
        validUntil: attr.date(),
        maxRedemptions: attr.count({ nullable: true, min: 1 }),
        maxPerCustomer: attr.count({ nullable: true, min: 1 }),
        timesRedeemed: attr.count({ min: 0, default: 0 }),
        active: attr.bool(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'coupons',
        modelName: 'Coupon',
        underscored: true,
        hooks: { beforeCreate: assertValid, beforeUpdate: assertValid },
      },
    );
  }
}
