import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { BILLING_CYCLES, type BillingCycle, type CurrencyCode } from './enums.js';
import type { Plan } from './plan.js';

/** The price of a plan for one billing cycle in one currency (unique per plan, cycle and currency). */
export class PlanPrice extends Model<InferAttributes<PlanPrice>, InferCreationAttributes<PlanPrice>> {
  declare id: CreationOptional<number>;
  declare planId: ForeignKey<Plan['id']>;
  declare cycle: BillingCycle;
  declare currency: CurrencyCode;
  declare amountMinor: number;
  declare setupFeeMinor: CreationOptional<number>;
  /** Price of each GB over the plan's quota; null = the configured default rate. */
  declare overageRateMinorPerGb: CreationOptional<number | null>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof PlanPrice {
    return PlanPrice.init(
      {
        id: attr.id(),
        cycle: attr.enum(BILLING_CYCLES),
        currency: attr.currency(),
        amountMinor: attr.money(),
        setupFeeMinor: attr.money(),
        overageRateMinorPerGb: attr.money({ nullable: true }),
        active: attr.bool(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'plan_prices', modelName: 'PlanPrice', underscored: true },
    );
  }
}
