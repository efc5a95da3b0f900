import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';
import { AUTH_TOKEN_PURPOSES, CUSTOMER_STATUSES, ROLES } from '../src/models/enums.js';

/** Users (customers and staff), customer profiles, second factors, tokens, sessions, notes, API tokens. */
export const up: MigrationFn = async ({ context: { queryInterface: q } }) => {
  await q.createTable('users', {
    id: col.id(),
    email: col.string(191, false),
    password_hash: col.string(255),
    legacy_password_hash: col.string(255),
    legacy_hash_algo: col.string(32),
    role: col.enum(ROLES, { default: 'customer' }),
    first_name: col.string(100),
    last_name: col.string(100),
    email_verified_at: col.date(),
    totp_secret_enc: col.text(),
    totp_enabled_at: col.date(),
    passwordless_enabled: col.bool(false),
    suspended_at: col.date(),
    suspension_reason: col.string(255),
    failed_login_count: col.int({ default: 0 }),
    locked_until: col.date(),
    last_login_at: col.date(),
    last_login_ip: col.string(64),
    ...col.timestamps(),
  });
  await q.addIndex('users', ['email'], { unique: true, name: 'users_email_unique' });
  await q.addIndex('users', ['role'], { name: 'users_role' });

  await q.createTable('customers', {
    id: col.id(),
    user_id: col.fk('users', { onDelete: 'RESTRICT' }),
    status: col.enum(CUSTOMER_STATUSES, { default: 'active' }),
    company: col.string(191),
    phone: col.string(40),
    billing_line1: col.string(191),
    billing_line2: col.string(191),
    billing_city: col.string(100),
    billing_region: col.string(100),
    billing_postal_code: col.string(20),
    billing_country: col.string(2),
    shipping_line1: col.string(191),
    shipping_line2: col.string(191),
    shipping_city: col.string(100),
    shipping_region: col.string(100),
    shipping_postal_code: col.string(20),
    shipping_country: col.string(2),
    tax_id: col.string(64),
    tax_exempt: col.bool(false),
    is_business: col.bool(false),
    currency: col.currency(),
    credit_balance_minor: col.money(),
    email_preferences: col.json(),
    dunning_exempt: col.bool(false),
    stripe_customer_id: col.string(64),
    paypal_payer_id: col.string(64),
    signup_ip: col.string(64),
    signup_country: col.string(2),
    risk_flags: col.json(),
    ...col.timestamps(),
  });
  await q.addIndex('customers', ['user_id'], { unique: true, name: 'customers_user_unique' });
  await q.addIndex('customers', ['company'], { name: 'customers_company' });
  await q.addIndex('customers', ['status'], { name: 'customers_status' });
  await q.addIndex('customers', ['stripe_customer_id'], { name: 'customers_stripe' });
  await q.addIndex('customers', ['created_at'], { name: 'customers_created' });

  await q.createTable('recovery_codes', {
    id: col.id(),
    user_id: col.fk('users', { onDelete: 'CASCADE' }),
    code_hash: col.string(64, false),
    used_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('recovery_codes', ['user_id', 'code_hash'], { unique: true, name: 'recovery_codes_user_code_unique' });

  await q.createTable('passkeys', {
    id: col.id(),
    user_id: col.fk('users', { onDelete: 'CASCADE' }),
    credential_id: col.string(512, false),
    public_key: col.text(false),
    counter: { ...col.money(), comment: 'signature counter' },
    transports: col.json(),
    device_type: col.string(32),
    backed_up: col.bool(false),
    name: col.string(100),
    last_used_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('passkeys', ['credential_id'], { unique: true, name: 'passkeys_credential_unique' });
  await q.addIndex('passkeys', ['user_id'], { name: 'passkeys_user' });

  await q.createTable('auth_tokens', {
    id: col.id(),
    user_id: col.fk('users', { onDelete: 'CASCADE' }),
    purpose: col.enum(AUTH_TOKEN_PURPOSES),
    token_hash: col.string(64, false),
    expires_at: col.date(false),
    used_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('auth_tokens', ['token_hash'], { unique: true, name: 'auth_tokens_hash_unique' });
  await q.addIndex('auth_tokens', ['user_id', 'purpose'], { name: 'auth_tokens_user_purpose' });

  await q.createTable('known_devices', {
    id: col.id(),
    user_id: col.fk('users', { onDelete: 'CASCADE' }),
    fingerprint: col.string(64, false),
    user_agent: col.string(255),
    ip: col.string(64),
    last_seen_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('known_devices', ['user_id', 'fingerprint'], { unique: true, name: 'known_devices_user_fp_unique' });

  await q.createTable('sessions', {
    sid: { ...col.string(128, false), primaryKey: true },
    user_id: col.fk('users', { nullable: true, onDelete: 'CASCADE' }),
    surface: col.string(16),
    data: col.text(false),
    expires_at: col.date(false),
    ip: col.string(64),
    user_agent: col.string(255),
    ...col.timestamps(),
  });
  await q.addIndex('sessions', ['expires_at'], { name: 'sessions_expires' });
  await q.addIndex('sessions', ['user_id'], { name: 'sessions_user' });

  await q.createTable('admin_notes', {
    id: col.id(),
    customer_id: col.fk('customers', { onDelete: 'CASCADE' }),
    author_id: col.fk('users', { nullable: true }),
    body: col.text(false),
    pinned: col.bool(false),
    ...col.timestamps(),
  });
  await q.addIndex('admin_notes', ['customer_id', 'created_at'], { name: 'admin_notes_customer' });

  await q.createTable('api_tokens', {
    id: col.id(),
    user_id: col.fk('users', { onDelete: 'CASCADE' }),
    name: col.string(100, false),
    token_prefix: col.string(16, false),
    token_hash: col.string(64, false),
    abilities: col.json(false),
    last_used_at: col.date(),
    last_used_ip: col.string(64),
    expires_at: col.date(),
    revoked_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('api_tokens', ['token_hash'], { unique: true, name: 'api_tokens_hash_unique' });
  await q.addIndex('api_tokens', ['user_id'], { name: 'api_tokens_user' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const table of ['api_tokens', 'admin_notes', 'sessions', 'known_devices', 'auth_tokens', 'passkeys', 'recovery_codes', 'customers', 'users']) {
    await q.dropTable(table);
  }
};
