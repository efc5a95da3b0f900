import { DataTypes, type Sequelize } from 'sequelize';
import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';
import { ARTICLE_KINDS, AUDIT_ACTOR_TYPES, CONTACT_MESSAGE_STATUSES, IDEMPOTENCY_STATUSES, SETTING_TYPES } from '../src/models/enums.js';

/** DATETIME(3) on MySQL/MariaDB: leases, retries and audit order need milliseconds (plain DATETIME drops them). */
const preciseDate = (allowNull: boolean) => ({ type: DataTypes.DATE(3), allowNull });
/** MEDIUMTEXT on MySQL/MariaDB (message bodies and mails can pass 64 KB); SQLite has one TEXT and warns about options. */
const mediumText = (s: Sequelize) => (allowNull: boolean) => ({ type: s.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull });

/**
 * Platform: settings, the audit log, idempotency records, job locks, contact messages, articles
 * (knowledge base, FAQ, news), the WHMCS import map and daily MRR snapshots.
 */
export const up: MigrationFn = async ({ context: { queryInterface: q, sequelize } }) => {
  const longText = mediumText(sequelize);
  await q.createTable('settings', {
    key: { ...col.string(100, false), primaryKey: true },
    value: col.text(),
    type: col.enum(SETTING_TYPES),
    encrypted: col.bool(false),
    updated_by: col.fk('users', { nullable: true }),
    ...col.timestamps(),
  });

  // NOTE: append-only; no updated_at. Actor FKs RESTRICT so no audited person can be deleted away.
  await q.createTable('audit_logs', {
    id: col.id(),
    actor_type: col.enum(AUDIT_ACTOR_TYPES),
    actor_id: col.fk('users', { nullable: true, onDelete: 'RESTRICT' }),
    impersonator_id: col.fk('users', { nullable: true, onDelete: 'RESTRICT' }),
    action: col.string(100, false),
    entity_type: col.string(64, false),
    entity_id: col.string(64),
    before: col.json(),
    after: col.json(),
    reason: col.string(500),
    ip: col.string(64),
    user_agent: col.string(255),
    request_id: col.string(64),
    created_at: preciseDate(false),
  });
  await q.addIndex('audit_logs', ['entity_type', 'entity_id', 'created_at'], { name: 'audit_logs_entity' });
  await q.addIndex('audit_logs', ['actor_id', 'created_at'], { name: 'audit_logs_actor' });
  await q.addIndex('audit_logs', ['impersonator_id', 'created_at'], { name: 'audit_logs_impersonator' });
  await q.addIndex('audit_logs', ['action', 'created_at'], { name: 'audit_logs_action' });
  await q.addIndex('audit_logs', ['created_at'], { name: 'audit_logs_created' });
  await q.addIndex('audit_logs', ['request_id'], { name: 'audit_logs_request' });

  await q.createTable('idempotency_records', {
    id: col.id(),
    scope: col.string(64, false),
    key: col.string(191, false),
    request_hash: col.string(64, false),
    status: col.enum(IDEMPOTENCY_STATUSES, { default: 'in_progress' }),
    response_status: col.int({ nullable: true }),
    response_body: longText(true),
    locked_until: preciseDate(true),
    expires_at: preciseDate(false),
    ...col.timestamps(),
  });
  await q.addIndex('idempotency_records', ['scope', 'key'], { unique: true, name: 'idempotency_records_scope_key_unique' });
  await q.addIndex('idempotency_records', ['expires_at'], { name: 'idempotency_records_expires' });

  await q.createTable('job_locks', {
    name: { ...col.string(100, false), primaryKey: true },
    owner: col.string(100, false),
    locked_until: preciseDate(false),
    acquired_at: preciseDate(false),
  });

  await q.createTable('contact_messages', {
    id: col.id(),
    name: col.string(100, false),
    email: col.string(191, false),
    subject: col.string(191),
    message: col.text(false),
    ip: col.string(64),
    user_agent: col.string(255),
    status: col.enum(CONTACT_MESSAGE_STATUSES, { default: 'new' }),
    ...col.timestamps(),
  });
  await q.addIndex('contact_messages', ['status', 'created_at'], { name: 'contact_messages_status' });
  await q.addIndex('contact_messages', ['email'], { name: 'contact_messages_email' });
  // Spam and rate checks: messages from one address in a window.
  await q.addIndex('contact_messages', ['ip', 'created_at'], { name: 'contact_messages_ip' });

  await q.createTable('articles', {
    id: col.id(),
    kind: col.enum(ARTICLE_KINDS),
    category: col.string(100),
    slug: col.string(191, false),
    title: col.string(191, false),
    summary: col.string(500),
    body_md: longText(false),
    sort_order: col.int({ default: 0 }),
    published_at: col.date(),
    author_id: col.fk('users', { nullable: true }),
    ...col.timestamps(),
  });
  await q.addIndex('articles', ['kind', 'slug'], { unique: true, name: 'articles_kind_slug_unique' });
  await q.addIndex('articles', ['kind', 'published_at'], { name: 'articles_kind_published' });
  await q.addIndex('articles', ['kind', 'category', 'sort_order'], { name: 'articles_kind_category' });

  await q.createTable('whmcs_import_map', {
    id: col.id(),
    entity: col.string(32, false),
    whmcs_id: col.int(),
    local_id: col.int(),
    source_hash: col.string(64),
    ...col.timestamps(),
  });
  await q.addIndex('whmcs_import_map', ['entity', 'whmcs_id'], { unique: true, name: 'whmcs_import_map_entity_whmcs_unique' });
  await q.addIndex('whmcs_import_map', ['entity', 'local_id'], { name: 'whmcs_import_map_entity_local' });

  await q.createTable('mrr_snapshots', {
    id: col.id(),
    day: col.day(),
    currency: col.currency(),
    mrr_minor: col.money(),
    base_currency: col.currency(),
    mrr_base_minor: col.money(),
    active_subscriptions: col.int({ default: 0 }),
    customers: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('mrr_snapshots', ['day', 'currency'], { unique: true, name: 'mrr_snapshots_day_currency_unique' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const table of ['mrr_snapshots', 'whmcs_import_map', 'articles', 'contact_messages', 'job_locks', 'idempotency_records', 'audit_logs', 'settings']) {
    await q.dropTable(table);
  }
};
