import { DataTypes, type Sequelize } from 'sequelize';
import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';
import { MAIL_STATUSES, OUTBOX_CHANNELS, OUTBOX_STATUSES } from '../src/models/enums.js';

/** DATETIME(3) on MySQL/MariaDB: leases, retries and audit order need milliseconds (plain DATETIME drops them). */
const preciseDate = (allowNull: boolean) => ({ type: DataTypes.DATE(3), allowNull });
/** MEDIUMTEXT on MySQL/MariaDB (message bodies and mails can pass 64 KB); SQLite has one TEXT and warns about options. */
const mediumText = (s: Sequelize) => (allowNull: boolean) => ({ type: s.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull });

/** Notifications: in-app notifications, the mail outbox, editable email templates, the generic outbox (Discord, events, webhooks). */
export const up: MigrationFn = async ({ context: { queryInterface: q, sequelize } }) => {
  const longText = mediumText(sequelize);
  await q.createTable('notifications', {
    id: col.id(),
    user_id: col.fk('users', { onDelete: 'CASCADE' }),
    type: col.string(64, false),
    title: col.string(191, false),
    body: col.text(),
    url: col.string(500),
    data: col.json(),
    read_at: col.date(),
    ...col.timestamps(),
  });
  await q.addIndex('notifications', ['user_id', 'read_at'], { name: 'notifications_user_read' });
  await q.addIndex('notifications', ['user_id', 'created_at'], { name: 'notifications_user_created' });
  await q.addIndex('notifications', ['created_at'], { name: 'notifications_created' });

  await q.createTable('mail_outbox', {
    id: col.id(),
    to_address: col.string(191, false),
    to_name: col.string(191),
    reply_to: col.string(191),
    user_id: col.fk('users', { nullable: true }),
    template: col.string(100, false),
    subject: col.string(255, false),
    html: longText(true),
    text: longText(true),
    attachments: col.json(),
    status: col.enum(MAIL_STATUSES, { default: 'pending' }),
    attempts: col.int({ default: 0 }),
    next_attempt_at: preciseDate(false),
    claimed_until: preciseDate(true),
    last_error: col.text(),
    sent_at: col.date(),
    message_id: col.string(255),
    dedupe_key: col.string(191, false),
    context: col.json(),
    ...col.timestamps(),
  });
  await q.addIndex('mail_outbox', ['dedupe_key'], { unique: true, name: 'mail_outbox_dedupe_unique' });
  // Delivery job: due rows; and rows whose claim ran out (a worker died mid-send).
  await q.addIndex('mail_outbox', ['status', 'next_attempt_at'], { name: 'mail_outbox_due' });
  await q.addIndex('mail_outbox', ['status', 'claimed_until'], { name: 'mail_outbox_claimed' });
  await q.addIndex('mail_outbox', ['user_id', 'created_at'], { name: 'mail_outbox_user' });
  await q.addIndex('mail_outbox', ['template', 'created_at'], { name: 'mail_outbox_template' });
  await q.addIndex('mail_outbox', ['created_at'], { name: 'mail_outbox_created' });

  await q.createTable('email_templates', {
    id: col.id(),
    key: col.string(100, false),
    subject: col.string(255, false),
    html: longText(false),
    text: longText(true),
    description: col.string(255),
    enabled: col.bool(true),
    updated_by: col.fk('users', { nullable: true }),
    ...col.timestamps(),
  });
  await q.addIndex('email_templates', ['key'], { unique: true, name: 'email_templates_key_unique' });

  await q.createTable('outbox_messages', {
    id: col.id(),
    channel: col.enum(OUTBOX_CHANNELS),
    topic: col.string(100, false),
    payload: col.json(false),
    status: col.enum(OUTBOX_STATUSES, { default: 'pending' }),
    attempts: col.int({ default: 0 }),
    next_attempt_at: preciseDate(false),
    claimed_until: preciseDate(true),
    last_error: col.text(),
    delivered_at: col.date(),
    dedupe_key: col.string(191, false),
    ...col.timestamps(),
  });
  await q.addIndex('outbox_messages', ['dedupe_key'], { unique: true, name: 'outbox_messages_dedupe_unique' });
  await q.addIndex('outbox_messages', ['status', 'next_attempt_at'], { name: 'outbox_messages_due' });
  await q.addIndex('outbox_messages', ['status', 'claimed_until'], { name: 'outbox_messages_claimed' });
  await q.addIndex('outbox_messages', ['channel', 'topic', 'created_at'], { name: 'outbox_messages_channel_topic' });
  await q.addIndex('outbox_messages', ['created_at'], { name: 'outbox_messages_created' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const table of ['outbox_messages', 'email_templates', 'mail_outbox', 'notifications']) {
    await q.dropTable(table);
  }
};
