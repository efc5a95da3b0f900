import { Op } from 'sequelize';
import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';
import {
  CREDIT_NOTE_KINDS,
  CREDIT_NOTE_REFUND_TARGETS,
  DECLINE_TYPES,
  GATEWAY_EVENT_STATUSES,
  INVOICE_KINDS,
  INVOICE_LINE_KINDS,
  INVOICE_STATUSES,
  LEDGER_ENTRY_KINDS,
  PAYMENT_ATTEMPT_STATUSES,
  PAYMENT_GATEWAYS,
  PAYMENT_METHOD_KINDS,
} from '../src/models/enums.js';

/**
 * Invoices and their lines and taxes, credit notes, the ledger of every money movement, payment
 * attempts and methods, gateway webhook events, coupon redemptions, tax and FX rates, and the
 * gap-free number sequences.
 */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.createTable('sequences', {
    name: { ...col.string(64, false), primaryKey: true },
    next_value: { ...col.money(), defaultValue: 1 },
    ...col.timestamps(),
  });

  await q.createTable('tax_rates', {
    id: col.id(),
    country: col.string(2, false),
    region: col.string(100),
    name: col.string(100, false),
    rate_bp: col.int(),
    inclusive: col.bool(false),
    active: col.bool(true),
    valid_from: col.date(),
    valid_until: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('tax_rates', ['country', 'region'], { name: 'tax_rates_country_region' });

  await q.createTable('fx_rates', {
    id: col.id(),
    base: col.currency(),
    quote: col.currency(),
    rate_micros: { ...col.money({ nullable: true }), allowNull: false, comment: 'units of quote per unit of base, times 1,000,000' },
    effective_on: col.day(),
    source: col.string(64),
    ...col.timestamps(),
  });
  // NOTE: CHECKs are added before any index: on SQLite addConstraint rebuilds the table, which would drop them.
  await q.addConstraint('fx_rates', { type: 'check', name: 'fx_rates_rate_positive', fields: ['rate_micros'], where: { rate_micros: { [Op.gt]: 0 } } });
  await q.addIndex('fx_rates', ['base', 'quote', 'effective_on'], { unique: true, name: 'fx_rates_pair_day_unique' });

  await q.createTable('payment_methods', {
    id: col.id(),
    customer_id: col.fk('customers'),
    gateway: col.enum(PAYMENT_GATEWAYS),
    gateway_token: col.string(191, false),
    kind: col.enum(PAYMENT_METHOD_KINDS),
    brand: col.string(32),
    last4: col.string(4),
    exp_month: col.int({ nullable: true }),
    exp_year: col.int({ nullable: true }),
    label: col.string(191),
    fingerprint: col.string(64),
    is_default: col.bool(false),
    detached_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('payment_methods', ['gateway', 'gateway_token'], { unique: true, name: 'payment_methods_gateway_token_unique' });
  await q.addIndex('payment_methods', ['customer_id', 'detached_at'], { name: 'payment_methods_customer' });
  await q.addIndex('payment_methods', ['exp_year', 'exp_month'], { name: 'payment_methods_expiry' });

  await q.createTable('invoices', {
    id: col.id(),
    number: col.string(32),
    customer_id: col.fk('customers'),
    subscription_id: col.fk('subscriptions', { nullable: true, onDelete: 'RESTRICT' }),
    order_id: col.fk('orders', { nullable: true, onDelete: 'RESTRICT' }),
    kind: col.enum(INVOICE_KINDS),
    status: col.enum(INVOICE_STATUSES, { default: 'draft' }),
    currency: col.currency(),
    subtotal_minor: col.money(),
    discount_minor: col.money(),
    tax_minor: col.money(),
    total_minor: col.money(),
    amount_due_minor: col.money(),
    fx_rate_micros: col.money({ nullable: true }),
    tax_inclusive: col.bool(false),
    reverse_charge: col.bool(false),
    period_start: col.date(),
    period_end: col.date(),
    issued_at: col.date(),
    due_at: col.date(),
    paid_at: col.date(),
    voided_at: col.date(),
    void_reason: col.string(255),
    uncollectible_at: col.date(),
    sent_at: col.date(),
    seller: col.json(),
    buyer: col.json(),
    notes: col.text(),
    disputed: col.bool(false),
    dunning_step: col.int({ default: 0 }),
    next_retry_at: col.date(),
    idempotency_key: col.string(191),
    ...col.timestamps(),
  });
  await q.addIndex('invoices', ['number'], { unique: true, name: 'invoices_number_unique' });
  await q.addIndex('invoices', ['idempotency_key'], { unique: true, name: 'invoices_idempotency_unique' });
  await q.addIndex('invoices', ['status', 'due_at'], { name: 'invoices_status_due' });
  await q.addIndex('invoices', ['customer_id', 'created_at'], { name: 'invoices_customer_created' });
  await q.addIndex('invoices', ['subscription_id', 'period_start'], { name: 'invoices_subscription_period' });
  await q.addIndex('invoices', ['order_id'], { name: 'invoices_order' });
  await q.addIndex('invoices', ['issued_at'], { name: 'invoices_issued' });
  await q.addIndex('invoices', ['paid_at'], { name: 'invoices_paid' });
  await q.addIndex('invoices', ['currency'], { name: 'invoices_currency' });
  await q.addIndex('invoices', ['next_retry_at'], { name: 'invoices_next_retry' });

  await q.createTable('invoice_lines', {
    id: col.id(),
    invoice_id: col.fk('invoices'),
    kind: col.enum(INVOICE_LINE_KINDS),
    description: col.string(255, false),
    quantity: col.int({ default: 1 }),
    unit_amount_minor: { ...col.money(), comment: 'signed' },
    amount_minor: { ...col.money(), comment: 'signed: discount and credit lines are negative' },
    discount_minor: col.money(),
    tax_rate_bp: col.int({ default: 0 }),
    tax_minor: { ...col.money(), comment: 'signed, follows amount_minor' },
    tax_rate_id: col.fk('tax_rates', { nullable: true, onDelete: 'RESTRICT' }),
    subscription_id: col.fk('subscriptions', { nullable: true, onDelete: 'RESTRICT' }),
    plan_id: col.fk('plans', { nullable: true, onDelete: 'RESTRICT' }),
    coupon_id: col.fk('coupons', { nullable: true, onDelete: 'RESTRICT' }),
    period_start: col.date(),
    period_end: col.date(),
    position: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('invoice_lines', ['invoice_id', 'position'], { name: 'invoice_lines_invoice_position' });
  await q.addIndex('invoice_lines', ['subscription_id'], { name: 'invoice_lines_subscription' });
  await q.addIndex('invoice_lines', ['plan_id'], { name: 'invoice_lines_plan' });
  await q.addIndex('invoice_lines', ['coupon_id'], { name: 'invoice_lines_coupon' });
  await q.addIndex('invoice_lines', ['tax_rate_id'], { name: 'invoice_lines_tax_rate' });

  await q.createTable('invoice_taxes', {
    id: col.id(),
    invoice_id: col.fk('invoices'),
    tax_rate_id: col.fk('tax_rates', { nullable: true, onDelete: 'RESTRICT' }),
    name: col.string(100, false),
    country: col.string(2, false),
    region: col.string(100),
    rate_bp: col.int(),
    taxable_minor: { ...col.money(), comment: 'signed' },
    tax_minor: { ...col.money(), comment: 'signed' },
    ...col.timestamps(),
  });
  await q.addIndex('invoice_taxes', ['invoice_id'], { name: 'invoice_taxes_invoice' });
  await q.addIndex('invoice_taxes', ['country', 'region'], { name: 'invoice_taxes_country_region' });
  await q.addIndex('invoice_taxes', ['tax_rate_id'], { name: 'invoice_taxes_tax_rate' });

  await q.createTable('credit_notes', {
    id: col.id(),
    number: col.string(32, false),
    invoice_id: col.fk('invoices'),
    customer_id: col.fk('customers'),
    currency: col.currency(),
    subtotal_minor: col.money(),
    tax_minor: col.money(),
    total_minor: col.money(),
    reason: col.string(255, false),
    kind: col.enum(CREDIT_NOTE_KINDS),
    refund_to: col.enum(CREDIT_NOTE_REFUND_TARGETS, { default: 'none' }),
    memo: col.text(),
    issued_at: col.date(false),
    created_by: col.fk('users', { nullable: true, onDelete: 'RESTRICT' }),
    idempotency_key: col.string(191),
    ...col.timestamps(),
  });
  await q.addIndex('credit_notes', ['number'], { unique: true, name: 'credit_notes_number_unique' });
  await q.addIndex('credit_notes', ['idempotency_key'], { unique: true, name: 'credit_notes_idempotency_unique' });
  await q.addIndex('credit_notes', ['invoice_id'], { name: 'credit_notes_invoice' });
  await q.addIndex('credit_notes', ['customer_id', 'issued_at'], { name: 'credit_notes_customer_issued' });
  await q.addIndex('credit_notes', ['issued_at'], { name: 'credit_notes_issued' });

  await q.createTable('credit_note_lines', {
    id: col.id(),
    credit_note_id: col.fk('credit_notes'),
    invoice_line_id: col.fk('invoice_lines', { nullable: true, onDelete: 'RESTRICT' }),
    description: col.string(255, false),
    quantity: col.int({ default: 1 }),
    amount_minor: col.money(),
    tax_rate_bp: col.int({ default: 0 }),
    tax_minor: col.money(),
    position: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('credit_note_lines', ['credit_note_id', 'position'], { name: 'credit_note_lines_note_position' });
  await q.addIndex('credit_note_lines', ['invoice_line_id'], { name: 'credit_note_lines_invoice_line' });

  await q.createTable('payment_attempts', {
    id: col.id(),
    invoice_id: col.fk('invoices'),
    customer_id: col.fk('customers'),
    gateway: col.enum(PAYMENT_GATEWAYS),
    payment_method_id: col.fk('payment_methods', { nullable: true, onDelete: 'RESTRICT' }),
    amount_minor: col.money(),
    currency: col.currency(),
    status: col.enum(PAYMENT_ATTEMPT_STATUSES, { default: 'pending' }),
    gateway_reference: col.string(191),
    failure_code: col.string(100),
    failure_message: col.string(255),
    decline_type: col.enum(DECLINE_TYPES, { nullable: true }),
    action_url: col.string(1024),
    attempt_number: col.int({ default: 1 }),
    off_session: col.bool(false),
    idempotency_key: col.string(191, false),
    attempted_at: col.date(false),
    completed_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('payment_attempts', ['idempotency_key'], { unique: true, name: 'payment_attempts_idempotency_unique' });
  await q.addIndex('payment_attempts', ['invoice_id', 'attempt_number'], { name: 'payment_attempts_invoice' });
  await q.addIndex('payment_attempts', ['customer_id', 'attempted_at'], { name: 'payment_attempts_customer' });
  await q.addIndex('payment_attempts', ['status', 'attempted_at'], { name: 'payment_attempts_status' });
  await q.addIndex('payment_attempts', ['gateway', 'gateway_reference'], { name: 'payment_attempts_gateway_ref' });
  await q.addIndex('payment_attempts', ['payment_method_id'], { name: 'payment_attempts_method' });

  await q.createTable('ledger_entries', {
    id: col.id(),
    customer_id: col.fk('customers'),
    invoice_id: col.fk('invoices', { nullable: true, onDelete: 'RESTRICT' }),
    credit_note_id: col.fk('credit_notes', { nullable: true, onDelete: 'RESTRICT' }),
    payment_attempt_id: col.fk('payment_attempts', { nullable: true, onDelete: 'RESTRICT' }),
    related_entry_id: col.fk('ledger_entries', { nullable: true, onDelete: 'RESTRICT' }),
    kind: col.enum(LEDGER_ENTRY_KINDS),
    amount_minor: { ...col.money({ nullable: true }), allowNull: false, comment: 'always positive; the kind gives the sign' },
    currency: col.currency(),
    gateway: col.enum(PAYMENT_GATEWAYS, { nullable: true }),
    gateway_reference: col.string(191),
    payment_method_id: col.fk('payment_methods', { nullable: true, onDelete: 'RESTRICT' }),
    occurred_at: col.date(false),
    recorded_by: col.fk('users', { nullable: true, onDelete: 'RESTRICT' }),
    memo: col.string(255),
    idempotency_key: col.string(191, false),
    metadata: col.json(),
    ...col.timestamps(),
  });
  await q.addConstraint('ledger_entries', { type: 'check', name: 'ledger_entries_amount_positive', fields: ['amount_minor'], where: { amount_minor: { [Op.gt]: 0 } } });
  await q.addIndex('ledger_entries', ['idempotency_key'], { unique: true, name: 'ledger_entries_idempotency_unique' });
  await q.addIndex('ledger_entries', ['invoice_id'], { name: 'ledger_entries_invoice' });
  await q.addIndex('ledger_entries', ['customer_id', 'occurred_at'], { name: 'ledger_entries_customer_occurred' });
  await q.addIndex('ledger_entries', ['kind', 'occurred_at'], { name: 'ledger_entries_kind_occurred' });
  await q.addIndex('ledger_entries', ['gateway', 'gateway_reference'], { name: 'ledger_entries_gateway_ref' });
  await q.addIndex('ledger_entries', ['credit_note_id'], { name: 'ledger_entries_credit_note' });
  await q.addIndex('ledger_entries', ['payment_attempt_id'], { name: 'ledger_entries_payment_attempt' });
  await q.addIndex('ledger_entries', ['related_entry_id'], { name: 'ledger_entries_related' });

  await q.createTable('gateway_events', {
    id: col.id(),
    gateway: col.enum(PAYMENT_GATEWAYS),
    event_id: col.string(191, false),
    type: col.string(100, false),
    object_id: col.string(191),
    // NOTE: JSON rather than TEXT: MySQL's TEXT stops at 64 KiB; JSON (LONGTEXT on MariaDB) does not.
    payload: col.json(false),
    status: col.enum(GATEWAY_EVENT_STATUSES, { default: 'received' }),
    attempts: col.int({ default: 0 }),
    error: col.text(),
    received_at: col.date(false),
    processed_at: col.date(),
    next_attempt_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('gateway_events', ['gateway', 'event_id'], { unique: true, name: 'gateway_events_gateway_event_unique' });
  await q.addIndex('gateway_events', ['status', 'next_attempt_at'], { name: 'gateway_events_status_next' });
  await q.addIndex('gateway_events', ['type', 'received_at'], { name: 'gateway_events_type_received' });
  await q.addIndex('gateway_events', ['object_id'], { name: 'gateway_events_object' });

  await q.createTable('coupon_redemptions', {
    id: col.id(),
    coupon_id: col.fk('coupons'),
    customer_id: col.fk('customers'),
    order_id: col.fk('orders', { nullable: true, onDelete: 'RESTRICT' }),
    subscription_id: col.fk('subscriptions', { nullable: true, onDelete: 'RESTRICT' }),
    invoice_id: col.fk('invoices', { nullable: true, onDelete: 'RESTRICT' }),
    amount_minor: col.money(),
    currency: col.currency(),
    redeemed_at: col.date(false),
    ...col.timestamps(),
  });
  await q.addIndex('coupon_redemptions', ['coupon_id', 'order_id'], { unique: true, name: 'coupon_redemptions_coupon_order_unique' });
  await q.addIndex('coupon_redemptions', ['coupon_id', 'customer_id'], { name: 'coupon_redemptions_coupon_customer' });
  await q.addIndex('coupon_redemptions', ['customer_id'], { name: 'coupon_redemptions_customer' });
  await q.addIndex('coupon_redemptions', ['order_id'], { name: 'coupon_redemptions_order' });
  await q.addIndex('coupon_redemptions', ['subscription_id'], { name: 'coupon_redemptions_subscription' });
  await q.addIndex('coupon_redemptions', ['invoice_id'], { name: 'coupon_redemptions_invoice' });
  await q.addIndex('coupon_redemptions', ['redeemed_at'], { name: 'coupon_redemptions_redeemed' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const table of [
    'coupon_redemptions',
    'gateway_events',
    'ledger_entries',
    'payment_attempts',
    'credit_note_lines',
    'credit_notes',
    'invoice_taxes',
    'invoice_lines',
    'invoices',
    'payment_methods',
    'fx_rates',
    'tax_rates',
    'sequences',
  ]) {
    await q.dropTable(table);
  }
};
