import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';
import {
  BILLING_CYCLES,
  DRIVERS,
  ORDER_ITEM_KINDS,
  ORDER_STATUSES,
  PLAN_TYPES,
  PROVISIONING_ACTIONS,
  PROVISIONING_TASK_STATUSES,
  SERVICE_STATUSES,
  SUBSCRIPTION_ADDON_STATUSES,
  SUBSCRIPTION_STATUSES,
  WAITLIST_STATUSES,
} from '../src/models/enums.js';

/** Orders and their review, subscriptions with their options and addons, services on the panels, provisioning work and logs. */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.createTable('orders', {
    id: col.id(),
    number: col.string(32, false),
    customer_id: col.fk('customers'),
    status: col.enum(ORDER_STATUSES, { default: 'pending' }),
    currency: col.currency(),
    subtotal_minor: col.money(),
    discount_minor: col.money(),
    tax_minor: col.money(),
    total_minor: col.money(),
    coupon_id: col.fk('coupons', { nullable: true, onDelete: 'RESTRICT' }),
    ip: col.string(64),
    country: col.string(2),
    user_agent: col.string(255),
    risk_score: col.int({ nullable: true }),
    risk_flags: col.json(),
    notes: col.text(),
    review_reason: col.string(255),
    reviewed_by: col.fk('users', { nullable: true, onDelete: 'RESTRICT' }),
    reviewed_at: col.date(),
    rejection_reason: col.string(255),
    completed_at: col.date(),
    cancelled_at: col.date(),
    idempotency_key: col.string(191),
    ...col.timestamps(),
  });
  await q.addIndex('orders', ['number'], { unique: true, name: 'orders_number_unique' });
  await q.addIndex('orders', ['idempotency_key'], { unique: true, name: 'orders_idempotency_unique' });
  await q.addIndex('orders', ['customer_id', 'created_at'], { name: 'orders_customer_created' });
  await q.addIndex('orders', ['status', 'created_at'], { name: 'orders_status_created' });
  await q.addIndex('orders', ['coupon_id'], { name: 'orders_coupon' });

  await q.createTable('subscriptions', {
    id: col.id(),
    customer_id: col.fk('customers'),
    plan_id: col.fk('plans'),
    // NOTE: no FK: order_items.subscription_id already references subscriptions; a second FK the
    // other way would make the pair circular, which createTable/dropTable cannot order on MySQL.
    order_item_id: col.int({ nullable: true }),
    status: col.enum(SUBSCRIPTION_STATUSES, { default: 'pending' }),
    cycle: col.enum(BILLING_CYCLES),
    currency: col.currency(),
    price_minor: col.money(),
    anchor_day: col.int(),
    started_at: col.date(),
    current_period_start: col.date(),
    current_period_end: col.date(),
    cancel_at_period_end: col.bool(false),
    cancelled_at: col.date(),
    cancellation_reason: col.string(255),
    cancellation_feedback: col.text(),
    scheduled_plan_id: col.fk('plans', { nullable: true, onDelete: 'RESTRICT' }),
    scheduled_cycle: col.enum(BILLING_CYCLES, { nullable: true }),
    suspended_at: col.date(),
    suspension_reason: col.string(255),
    terminated_at: col.date(),
    due_extension_until: col.date(),
    suspension_exempt: col.bool(false),
    coupon_id: col.fk('coupons', { nullable: true, onDelete: 'RESTRICT' }),
    coupon_periods_remaining: col.int({ nullable: true }),
    ...col.timestamps(),
  });
  await q.addIndex('subscriptions', ['status', 'current_period_end'], { name: 'subscriptions_renewal' });
  await q.addIndex('subscriptions', ['customer_id', 'status'], { name: 'subscriptions_customer_status' });
  await q.addIndex('subscriptions', ['plan_id', 'status'], { name: 'subscriptions_plan_status' });
  await q.addIndex('subscriptions', ['order_item_id'], { name: 'subscriptions_order_item' });
  await q.addIndex('subscriptions', ['scheduled_plan_id'], { name: 'subscriptions_scheduled_plan' });
  await q.addIndex('subscriptions', ['coupon_id'], { name: 'subscriptions_coupon' });
  await q.addIndex('subscriptions', ['started_at'], { name: 'subscriptions_started' });
  await q.addIndex('subscriptions', ['cancelled_at'], { name: 'subscriptions_cancelled' });

  await q.createTable('order_items', {
    id: col.id(),
    order_id: col.fk('orders'),
    kind: col.enum(ORDER_ITEM_KINDS, { default: 'new' }),
    plan_id: col.fk('plans'),
    addon_id: col.fk('addons', { nullable: true, onDelete: 'RESTRICT' }),
    cycle: col.enum(BILLING_CYCLES),
    quantity: col.int({ default: 1 }),
    description: col.string(255),
    options: col.json(),
    amount_minor: col.money(),
    setup_fee_minor: col.money(),
    discount_minor: col.money(),
    subscription_id: col.fk('subscriptions', { nullable: true, onDelete: 'RESTRICT' }),
    ...col.timestamps(),
  });
  await q.addIndex('order_items', ['order_id'], { name: 'order_items_order' });
  await q.addIndex('order_items', ['plan_id'], { name: 'order_items_plan' });
  await q.addIndex('order_items', ['subscription_id'], { name: 'order_items_subscription' });

  await q.createTable('waitlist_entries', {
    id: col.id(),
    plan_id: col.fk('plans'),
    customer_id: col.fk('customers'),
    order_id: col.fk('orders', { nullable: true, onDelete: 'RESTRICT' }),
    status: col.enum(WAITLIST_STATUSES, { default: 'waiting' }),
    notified_at: col.date(),
    fulfilled_at: col.date(),
    cancelled_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('waitlist_entries', ['plan_id', 'status', 'created_at'], { name: 'waitlist_entries_plan_queue' });
  await q.addIndex('waitlist_entries', ['customer_id'], { name: 'waitlist_entries_customer' });
  await q.addIndex('waitlist_entries', ['order_id'], { name: 'waitlist_entries_order' });

  await q.createTable('subscription_options', {
    id: col.id(),
    subscription_id: col.fk('subscriptions'),
    option_id: col.fk('config_options'),
    quantity: col.int({ default: 1 }),
    choice: col.string(64),
    unit_price_minor: col.money(),
    ...col.timestamps(),
  });
  await q.addIndex('subscription_options', ['subscription_id', 'option_id'], { unique: true, name: 'subscription_options_sub_option_unique' });
  await q.addIndex('subscription_options', ['option_id'], { name: 'subscription_options_option' });

  await q.createTable('subscription_addons', {
    id: col.id(),
    subscription_id: col.fk('subscriptions'),
    addon_id: col.fk('addons'),
    quantity: col.int({ default: 1 }),
    price_minor: col.money(),
    status: col.enum(SUBSCRIPTION_ADDON_STATUSES, { default: 'active' }),
    started_at: col.date(),
    cancel_at_period_end: col.bool(false),
    cancelled_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('subscription_addons', ['subscription_id', 'addon_id'], { unique: true, name: 'subscription_addons_sub_addon_unique' });
  await q.addIndex('subscription_addons', ['addon_id', 'status'], { name: 'subscription_addons_addon_status' });

  await q.createTable('services', {
    id: col.id(),
    subscription_id: col.fk('subscriptions'),
    customer_id: col.fk('customers'),
    service_type: col.enum(PLAN_TYPES),
    driver: col.enum(DRIVERS),
    external_id: col.string(100),
    external_user_id: col.string(100),
    reference: col.string(64, false),
    status: col.enum(SERVICE_STATUSES, { default: 'pending' }),
    hostname: col.string(255),
    domain: col.string(255),
    primary_ip: col.string(64),
    ip_addresses: col.json(),
    credentials_enc: col.text(),
    panel_data: col.json(),
    provision_attempts: col.int({ default: 0 }),
    next_attempt_at: col.date(),
    last_error: col.text(),
    last_synced_at: col.date(),
    provisioned_at: col.date(),
    suspended_at: col.date(),
    suspension_reason: col.string(255),
    terminated_at: col.date(),
    expires_at: col.date(),
    ...col.timestamps(),
    deleted_at: col.date(),
  });
  await q.addIndex('services', ['subscription_id', 'service_type'], { unique: true, name: 'services_subscription_type_unique' });
  await q.addIndex('services', ['reference'], { unique: true, name: 'services_reference_unique' });
  await q.addIndex('services', ['status', 'next_attempt_at'], { name: 'services_status_next_attempt' });
  await q.addIndex('services', ['customer_id', 'status'], { name: 'services_customer_status' });
  await q.addIndex('services', ['driver', 'external_id'], { name: 'services_driver_external' });
  await q.addIndex('services', ['primary_ip'], { name: 'services_primary_ip' });
  await q.addIndex('services', ['hostname'], { name: 'services_hostname' });
  await q.addIndex('services', ['domain'], { name: 'services_domain' });
  await q.addIndex('services', ['expires_at'], { name: 'services_expires' });

  await q.createTable('provisioning_tasks', {
    id: col.id(),
    service_id: col.fk('services'),
    action: col.enum(PROVISIONING_ACTIONS),
    status: col.enum(PROVISIONING_TASK_STATUSES, { default: 'pending' }),
    payload: col.json(),
    result: col.json(),
    attempts: col.int({ default: 0 }),
    max_attempts: col.int({ default: 5 }),
    next_attempt_at: col.date(),
    claimed_by: col.string(100),
    claimed_until: col.date(),
    started_at: col.date(),
    finished_at: col.date(),
    last_error: col.text(),
    reason: col.string(255),
    requested_by: col.fk('users', { nullable: true, onDelete: 'RESTRICT' }),
    idempotency_key: col.string(191, false),
    ...col.timestamps(),
  });
  await q.addIndex('provisioning_tasks', ['idempotency_key'], { unique: true, name: 'provisioning_tasks_idempotency_unique' });
  await q.addIndex('provisioning_tasks', ['status', 'next_attempt_at'], { name: 'provisioning_tasks_due' });
  await q.addIndex('provisioning_tasks', ['status', 'claimed_until'], { name: 'provisioning_tasks_claims' });
  await q.addIndex('provisioning_tasks', ['service_id', 'created_at'], { name: 'provisioning_tasks_service' });

  await q.createTable('provisioning_logs', {
    id: col.id(),
    service_id: col.fk('services'),
    task_id: col.fk('provisioning_tasks', { nullable: true, onDelete: 'SET NULL' }),
    driver: col.enum(DRIVERS),
    action: col.string(64, false),
    request_summary: col.text(),
    response_code: col.int({ nullable: true }),
    duration_ms: col.int({ nullable: true }),
    success: col.bool(false),
    error: col.text(),
    created_at: col.timestamps().created_at,
  });
  await q.addIndex('provisioning_logs', ['service_id', 'created_at'], { name: 'provisioning_logs_service_created' });
  await q.addIndex('provisioning_logs', ['task_id'], { name: 'provisioning_logs_task' });
  await q.addIndex('provisioning_logs', ['success', 'created_at'], { name: 'provisioning_logs_success_created' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const table of [
    'provisioning_logs',
    'provisioning_tasks',
    'services',
    'subscription_addons',
    'subscription_options',
    'waitlist_entries',
    'order_items',
    'subscriptions',
    'orders',
  ]) {
    await q.dropTable(table);
  }
};
