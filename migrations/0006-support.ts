import { DataTypes, type Sequelize } from 'sequelize';
import type { MigrationFn } from '../src/db/migrator.js';
import { col } from '../src/db/columns.js';
import { TICKET_AUTHOR_KINDS, TICKET_CHANNELS, TICKET_PARTIES, TICKET_PRIORITIES, TICKET_STATUSES } from '../src/models/enums.js';

/** MEDIUMTEXT on MySQL/MariaDB (message bodies and mails can pass 64 KB); SQLite has one TEXT and warns about options. */
const mediumText = (s: Sequelize) => (allowNull: boolean) => ({ type: s.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull });

/** Support: departments, tickets, replies (public and internal), attachments, canned responses. */
export const up: MigrationFn = async ({ context: { queryInterface: q, sequelize } }) => {
  const longText = mediumText(sequelize);
  await q.createTable('ticket_departments', {
    id: col.id(),
    name: col.string(100, false),
    slug: col.string(64, false),
    email: col.string(191),
    description: col.string(255),
    active: col.bool(true),
    sort_order: col.int({ default: 0 }),
    ...col.timestamps(),
  });
  await q.addIndex('ticket_departments', ['slug'], { unique: true, name: 'ticket_departments_slug_unique' });
  await q.addIndex('ticket_departments', ['active', 'sort_order'], { name: 'ticket_departments_active_sort' });

  await q.createTable('tickets', {
    id: col.id(),
    number: col.string(20, false),
    customer_id: col.fk('customers', { onDelete: 'RESTRICT' }),
    department_id: col.fk('ticket_departments', { onDelete: 'RESTRICT' }),
    service_id: col.fk('services', { nullable: true }),
    subject: col.string(191, false),
    status: col.enum(TICKET_STATUSES, { default: 'open' }),
    priority: col.enum(TICKET_PRIORITIES, { default: 'normal' }),
    opened_via: col.enum(TICKET_CHANNELS, { default: 'web' }),
    opened_by_id: col.fk('users', { nullable: true }),
    assignee_id: col.fk('users', { nullable: true }),
    first_response_at: col.date(),
    last_reply_at: col.date(),
    last_reply_by: col.enum(TICKET_PARTIES, { nullable: true }),
    closed_at: col.date(),
    merged_into_id: col.fk('tickets', { nullable: true }),
    reply_token_nonce: col.string(32, false),
    ...col.timestamps(),
  });
  await q.addIndex('tickets', ['number'], { unique: true, name: 'tickets_number_unique' });
  // Staff queue: by status, then priority, newest activity first; narrowed by department or assignee.
  await q.addIndex('tickets', ['status', 'priority', 'updated_at'], { name: 'tickets_queue' });
  await q.addIndex('tickets', ['department_id', 'status', 'updated_at'], { name: 'tickets_department_queue' });
  await q.addIndex('tickets', ['assignee_id', 'status', 'updated_at'], { name: 'tickets_assignee_queue' });
  await q.addIndex('tickets', ['customer_id', 'status', 'updated_at'], { name: 'tickets_customer' });
  await q.addIndex('tickets', ['service_id'], { name: 'tickets_service' });
  await q.addIndex('tickets', ['merged_into_id'], { name: 'tickets_merged_into' });
  // Auto-close job (awaiting_customer for N days) and reply-time reports.
  await q.addIndex('tickets', ['status', 'last_reply_at'], { name: 'tickets_status_last_reply' });
  await q.addIndex('tickets', ['created_at'], { name: 'tickets_created' });

  await q.createTable('ticket_replies', {
    id: col.id(),
    ticket_id: col.fk('tickets', { onDelete: 'CASCADE' }),
    author_id: col.fk('users', { nullable: true }),
    author_kind: col.enum(TICKET_AUTHOR_KINDS),
    body: longText(false),
    internal: col.bool(false),
    via: col.enum(TICKET_CHANNELS, { default: 'web' }),
    email_message_id: col.string(255),
    ip: col.string(64),
    ...col.timestamps(),
  });
  await q.addIndex('ticket_replies', ['ticket_id', 'created_at'], { name: 'ticket_replies_ticket' });
  await q.addIndex('ticket_replies', ['email_message_id'], { unique: true, name: 'ticket_replies_email_message_unique' });
  await q.addIndex('ticket_replies', ['author_id', 'created_at'], { name: 'ticket_replies_author' });

  await q.createTable('ticket_attachments', {
    id: col.id(),
    ticket_id: col.fk('tickets', { onDelete: 'CASCADE' }),
    reply_id: col.fk('ticket_replies', { onDelete: 'CASCADE' }),
    original_name: col.string(255, false),
    stored_name: col.string(191, false),
    content_type: col.string(127, false),
    size_bytes: { type: DataTypes.BIGINT, allowNull: false },
    sha256: col.string(64, false),
    ...col.timestamps(),
  });
  await q.addIndex('ticket_attachments', ['ticket_id'], { name: 'ticket_attachments_ticket' });
  await q.addIndex('ticket_attachments', ['reply_id'], { name: 'ticket_attachments_reply' });
  await q.addIndex('ticket_attachments', ['sha256'], { name: 'ticket_attachments_sha256' });

  await q.createTable('canned_responses', {
    id: col.id(),
    title: col.string(191, false),
    body: col.text(false),
    department_id: col.fk('ticket_departments', { nullable: true }),
    active: col.bool(true),
    ...col.timestamps(),
  });
  await q.addIndex('canned_responses', ['department_id', 'title'], { name: 'canned_responses_department_title' });
};

export const down: MigrationFn = async ({ context: { queryInterface: q } }) => {
  for (const table of ['canned_responses', 'ticket_attachments', 'ticket_replies', 'tickets', 'ticket_departments']) {
    await q.dropTable(table);
  }
};
