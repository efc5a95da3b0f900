import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';
import {
  ADDON_KINDS,
  BILLING_CYCLES,
  CONFIG_OPTION_KINDS,
  COUPON_DURATIONS,
  COUPON_KINDS,
  DRIVERS,
  PLAN_BADGES,
  PLAN_TYPES,
  PLAN_VISIBILITIES,
} from '../src/models/enums.js';

/**
 * What we sell and at what price: plans, their prices per cycle and currency, configurable options,
 * addons, and coupons.
 * NOTE: coupons live here rather than in 0004-billing because orders and subscriptions (0003)
 * reference them, and a foreign key can only point at a table that already exists.
 */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.createTable('plans', {
    id: col.id(),
    slug: col.string(100, false),
    name: col.string(150, false),
    type: col.enum(PLAN_TYPES),
    summary: col.string(255),
    description: col.text(),
    features: col.json(),
    specs: col.json(),
    stock: col.int({ nullable: true }),
    waitlist_enabled: col.bool(true),
    visibility: col.enum(PLAN_VISIBILITIES, { default: 'public' }),
    archived_at: col.date(),
    requires_review: col.bool(false),
    taxable: col.bool(true),
    driver: col.enum(DRIVERS),
    panel_config: col.json(),
    badge: col.enum(PLAN_BADGES, { nullable: true }),
    sort_order: col.int({ default: 0 }),
    bandwidth_quota_gb: col.int({ nullable: true }),
    ...col.timestamps(),
  });
  await q.addIndex('plans', ['slug'], { unique: true, name: 'plans_slug_unique' });
  await q.addIndex('plans', ['visibility', 'archived_at', 'type', 'sort_order'], { name: 'plans_storefront' });
  await q.addIndex('plans', ['driver'], { name: 'plans_driver' });

  await q.createTable('plan_prices', {
    id: col.id(),
    plan_id: col.fk('plans'),
    cycle: col.enum(BILLING_CYCLES),
    currency: col.currency(),
    amount_minor: col.money(),
    setup_fee_minor: col.money(),
    overage_rate_minor_per_gb: col.money({ nullable: true }),
    active: col.bool(true),
    ...col.timestamps(),
  });
  await q.addIndex('plan_prices', ['plan_id', 'cycle', 'currency'], { unique: true, name: 'plan_prices_plan_cycle_currency_unique' });
  await q.addIndex('plan_prices', ['currency', 'active'], { name: 'plan_prices_currency_active' });

  await q.createTable('config_options', {
    id: col.id(),
    code: col.string(64, false),
    name: col.string(150, false),
    description: col.string(255),
    unit: col.string(32),
    kind: col.enum(CONFIG_OPTION_KINDS),
    min: col.int({ default: 0 }),
    max: col.int({ nullable: true }),
    step: col.int({ default: 1 }),
    default_value: col.int({ nullable: true }),
    panel_key: col.string(100),
    choices: col.json(),
    active: col.bool(true),
    sort_order: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('config_options', ['code'], { unique: true, name: 'config_options_code_unique' });

  await q.createTable('config_option_prices', {
    id: col.id(),
    option_id: col.fk('config_options'),
    choice: { ...col.string(64, false), defaultValue: '' },
    cycle: col.enum(BILLING_CYCLES),
    currency: col.currency(),
    unit_amount_minor: col.money(),
    setup_fee_minor: col.money(),
    ...col.timestamps(),
  });
  await q.addIndex('config_option_prices', ['option_id', 'choice', 'cycle', 'currency'], { unique: true, name: 'config_option_prices_unique' });

  await q.createTable('plan_config_options', {
    id: col.id(),
    plan_id: col.fk('plans', { onDelete: 'CASCADE' }),
    option_id: col.fk('config_options', { onDelete: 'CASCADE' }),
    included_quantity: col.int({ default: 0 }),
    min_override: col.int({ nullable: true }),
    max_override: col.int({ nullable: true }),
    sort_order: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('plan_config_options', ['plan_id', 'option_id'], { unique: true, name: 'plan_config_options_plan_option_unique' });
  await q.addIndex('plan_config_options', ['option_id'], { name: 'plan_config_options_option' });

  await q.createTable('addons', {
    id: col.id(),
    code: col.string(64, false),
    name: col.string(150, false),
    description: col.text(),
    kind: col.enum(ADDON_KINDS),
    panel_config: col.json(),
    active: col.bool(true),
    sort_order: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('addons', ['code'], { unique: true, name: 'addons_code_unique' });

  await q.createTable('addon_prices', {
    id: col.id(),
    addon_id: col.fk('addons'),
    cycle: col.enum(BILLING_CYCLES),
    currency: col.currency(),
    amount_minor: col.money(),
    setup_fee_minor: col.money(),
    active: col.bool(true),
    ...col.timestamps(),
  });
  await q.addIndex('addon_prices', ['addon_id', 'cycle', 'currency'], { unique: true, name: 'addon_prices_addon_cycle_currency_unique' });

  await q.createTable('plan_addons', {
    id: col.id(),
    plan_id: col.fk('plans', { onDelete: 'CASCADE' }),
    addon_id: col.fk('addons', { onDelete: 'CASCADE' }),
    included: col.bool(false),
    sort_order: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('plan_addons', ['plan_id', 'addon_id'], { unique: true, name: 'plan_addons_plan_addon_unique' });
  await q.addIndex('plan_addons', ['addon_id'], { name: 'plan_addons_addon' });

  await q.createTable('coupons', {
    id: col.id(),
    code: col.string(64, false),
    description: col.string(255),
    kind: col.enum(COUPON_KINDS),
    percent_bp: col.int({ nullable: true }),
    duration: col.enum(COUPON_DURATIONS, { default: 'once' }),
    duration_periods: col.int({ nullable: true }),
    applies_to_plan_ids: col.json(),
    applies_to_types: col.json(),
    applies_to_cycles: col.json(),
    new_customers_only: col.bool(false),
    valid_from: col.date(),
    valid_until: col.date(),
    max_redemptions: col.int({ nullable: true }),
    max_per_customer: col.int({ nullable: true }),
    times_redeemed: col.int({ default: 0 }),
    active: col.bool(true),
    ...col.timestamps(),
  });
  await q.addIndex('coupons', ['code'], { unique: true, name: 'coupons_code_unique' });
  await q.addIndex('coupons', ['active', 'valid_until'], { name: 'coupons_active_valid_until' });

  await q.createTable('coupon_amounts', {
    id: col.id(),
    coupon_id: col.fk('coupons'),
    currency: col.currency(),
    amount_minor: col.money(),
    ...col.timestamps(),
  });
  await q.addIndex('coupon_amounts', ['coupon_id', 'currency'], { unique: true, name: 'coupon_amounts_coupon_currency_unique' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const table of ['coupon_amounts', 'coupons', 'plan_addons', 'addon_prices', 'addons', 'plan_config_options', 'config_option_prices', 'config_options', 'plan_prices', 'plans']) {
    await q.dropTable(table);
  }
};
