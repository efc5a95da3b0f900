import { AddonPrice } from '../addon-price.js';
import { Addon } from '../addon.js';
import { ConfigOptionPrice } from '../config-option-price.js';
import { ConfigOption } from '../config-option.js';
import { CouponAmount } from '../coupon-amount.js';
import { Coupon } from '../coupon.js';
import { PlanAddon } from '../plan-addon.js';
import { PlanConfigOption } from '../plan-config-option.js';
import { PlanPrice } from '../plan-price.js';
import { Plan } from '../plan.js';

/** Plans and prices, configurable options, addons, coupons. */
export const catalogModels = [Plan, PlanPrice, ConfigOption, ConfigOptionPrice, PlanConfigOption, Addon, AddonPrice, PlanAddon, Coupon, CouponAmount];

export function associateCatalog(): void {
  Plan.hasMany(PlanPrice, { foreignKey: 'planId', as: 'prices' });
  PlanPrice.belongsTo(Plan, { foreignKey: 'planId', as: 'plan' });

  ConfigOption.hasMany(ConfigOptionPrice, { foreignKey: 'optionId', as: 'prices' });
  ConfigOptionPrice.belongsTo(ConfigOption, { foreignKey: 'optionId', as: 'option' });
  Plan.belongsToMany(ConfigOption, { through: PlanConfigOption, foreignKey: 'planId', otherKey: 'optionId', as: 'configOptions' });
  ConfigOption.belongsToMany(Plan, { through: PlanConfigOption, foreignKey: 'optionId', otherKey: 'planId', as: 'plans' });
  Plan.hasMany(PlanConfigOption, { foreignKey: 'planId', as: 'planConfigOptions' });
  PlanConfigOption.belongsTo(Plan, { foreignKey: 'planId', as: 'plan' });
  PlanConfigOption.belongsTo(ConfigOption, { foreignKey: 'optionId', as: 'option' });

  Addon.hasMany(AddonPrice, { foreignKey: 'addonId', as: 'prices' });
  AddonPrice.belongsTo(Addon, { foreignKey: 'addonId', as: 'addon' });
  Plan.belongsToMany(Addon, { through: PlanAddon, foreignKey: 'planId', otherKey: 'addonId', as: 'addons' });
  Addon.belongsToMany(Plan, { through: PlanAddon, foreignKey: 'addonId', otherKey: 'planId', as: 'plans' });
  Plan.hasMany(PlanAddon, { foreignKey: 'planId', as: 'planAddons' });
  PlanAddon.belongsTo(Plan, { foreignKey: 'planId', as: 'plan' });
  PlanAddon.belongsTo(Addon, { foreignKey: 'addonId', as: 'addon' });

  Coupon.hasMany(CouponAmount, { foreignKey: 'couponId', as: 'amounts' });
  CouponAmount.belongsTo(Coupon, { foreignKey: 'couponId', as: 'coupon' });
}
