import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { ValidationError } from '../lib/errors.js';
import { attr } from './attributes.js';
import { BILLING_CYCLES, SUBSCRIPTION_STATUSES, type BillingCycle, type CurrencyCode, type SubscriptionStatus } from './enums.js';
import { known } from './row-guards.js';
import type { Coupon } from './coupon.js';
import type { Customer } from './customer.js';
import type { Plan } from './plan.js';
import type { Service } from './service.js';

/** Cross-column rules, checked before each insert and per-row update. */
function assertValid(subscription: Subscription): void {
  const { currentPeriodStart: start, currentPeriodEnd: end } = subscription;
  if (known(start, end) && (end as Date) <= (start as Date)) throw new ValidationError('subscription_invalid', 'currentPeriodEnd must be after currentPeriodStart');
}

/**
 * A customer's recurring purchase of a plan: its locked price, its billing period (anchored to the
 * start day), and its lifecycle (pending -> active -> past_due -> suspended -> terminated/cancelled).
 */
export class Subscription extends Model<InferAttributes<Subscription>, InferCreationAttributes<Subscription>> {
  declare id: CreationOptional<number>;
  declare customerId: ForeignKey<Customer['id']>;
  declare planId: ForeignKey<Plan['id']>;
  /** The order line that created it (no FK: order_items.subscription_id points the other way). */
  declare orderItemId: CreationOptional<number | null>;
  declare status: CreationOptional<SubscriptionStatus>;
  declare cycle: BillingCycle;
  declare currency: CurrencyCode;
  /** The locked recurring price of the plan for one cycle (options and addons are billed on top). */
  declare priceMinor: number;
  /** Day of month (1-31) periods are anchored to; short months clamp to their last day. */
  declare anchorDay: number;
  declare startedAt: CreationOptional<Date | null>;
  declare currentPeriodStart: CreationOptional<Date | null>;
  declare currentPeriodEnd: CreationOptional<Date | null>;
  declare cancelAtPeriodEnd: CreationOptional<boolean>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare cancellationReason: CreationOptional<string | null>;
  declare cancellationFeedback: CreationOptional<string | null>;
  /** A downgrade or cycle change applied at the end of the current period. */
  declare scheduledPlanId: ForeignKey<Plan['id']> | null;
  declare scheduledCycle: CreationOptional<BillingCycle | null>;
  declare suspendedAt: CreationOptional<Date | null>;
  declare suspensionReason: CreationOptional<string | null>;
  declare terminatedAt: CreationOptional<Date | null>;
  /** Staff-granted extension: no suspension for non-payment before this time. */
  declare dueExtensionUntil: CreationOptional<Date | null>;
  declare suspensionExempt: CreationOptional<boolean>;
  declare couponId: ForeignKey<Coupon['id']> | null;
  /** Billing periods the coupon still applies to; null = forever (or no coupon). */
  declare couponPeriodsRemaining: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare plan?: NonAttribute<Plan>;
  declare customer?: NonAttribute<Customer>;
  declare services?: NonAttribute<Service[]>;

  static initModel(sequelize: Sequelize): typeof Subscription {
    return Subscription.init(
      {
        id: attr.id(),
        orderItemId: { type: DataTypes.INTEGER },
        status: attr.enum(SUBSCRIPTION_STATUSES, { default: 'pending' }),
        cycle: attr.enum(BILLING_CYCLES),
        currency: attr.currency(),
        priceMinor: attr.money(),
        anchorDay: { type: DataTypes.INTEGER, allowNull: false, validate: { min: 1, max: 31 } },
        startedAt: attr.date(),
        currentPeriodStart: attr.date(),
        currentPeriodEnd: attr.date(),
        cancelAtPeriodEnd: attr.bool(false),
        cancelledAt: attr.date(),
        cancellationReason: attr.string(255),
        cancellationFeedback: attr.text(),
        scheduledCycle: attr.enum(BILLING_CYCLES, { nullable: true }),
        suspendedAt: attr.date(),
        suspensionReason: attr.string(255),
        terminatedAt: attr.date(),
        dueExtensionUntil: attr.date(),
        suspensionExempt: attr.bool(false),
        couponPeriodsRemaining: attr.count({ nullable: true, min: 0 }),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'subscriptions',
        modelName: 'Subscription',
        underscored: true,
        hooks: { beforeCreate: assertValid, beforeUpdate: assertValid },
      },
    );
  }
}
