import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { clock } from '../lib/clock.js';
import { attr } from './attributes.js';
import { MAIL_STATUSES, type MailStatus } from './enums.js';
import type { User } from './user.js';

/** What to attach, resolved at delivery time (never file bytes in the row). */
export type MailAttachmentDescriptor =
  | { kind: 'invoice_pdf'; invoiceId: number }
  | { kind: 'credit_note_pdf'; creditNoteId: number }
  | { kind: 'ticket_attachment'; attachmentId: number };

/**
 * One email to send, written in the transaction that decided it and delivered by the worker.
 * `dedupeKey` (event + recipient, e.g. `invoice.issued:42:user:7`) makes writing it idempotent.
 */
export class MailOutbox extends Model<InferAttributes<MailOutbox>, InferCreationAttributes<MailOutbox>> {
  declare id: CreationOptional<number>;
  declare toAddress: string;
  declare toName: CreationOptional<string | null>;
  declare replyTo: CreationOptional<string | null>;
  declare userId: ForeignKey<User['id']> | null;
  /** email_templates.key (or the built-in template of that name). */
  declare template: string;
  declare subject: string;
  declare html: CreationOptional<string | null>;
  declare text: CreationOptional<string | null>;
  declare attachments: CreationOptional<MailAttachmentDescriptor[] | null>;
  declare status: CreationOptional<MailStatus>;
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: CreationOptional<Date>;
  /** While `sending`: the claim's end; a row still `sending` after it is retried. */
  declare claimedUntil: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare sentAt: CreationOptional<Date | null>;
  /** Message-ID the SMTP server accepted. */
  declare messageId: CreationOptional<string | null>;
  declare dedupeKey: string;
  /** Template variables, kept for re-rendering and for the back office. */
  declare context: CreationOptional<Record<string, unknown> | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof MailOutbox {
    return MailOutbox.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        toAddress: {
          type: DataTypes.STRING(191),
          allowNull: false,
          validate: { isEmail: true },
          set(value: string) {
            this.setDataValue('toAddress', String(value).trim().toLowerCase());
          },
        },
        toName: DataTypes.STRING(191),
        replyTo: { type: DataTypes.STRING(191), validate: { isEmail: true } },
        template: { type: DataTypes.STRING(100), allowNull: false },
        subject: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        html: DataTypes.TEXT,
        text: DataTypes.TEXT,
        attachments: DataTypes.JSON,
        status: attr.enum(MAIL_STATUSES, { default: 'pending' }),
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        nextAttemptAt: { type: DataTypes.DATE(3), allowNull: false },
        claimedUntil: DataTypes.DATE(3),
        lastError: DataTypes.TEXT,
        sentAt: DataTypes.DATE,
        messageId: DataTypes.STRING(255),
        dedupeKey: { type: DataTypes.STRING(191), allowNull: false, validate: { notEmpty: true } },
        context: DataTypes.JSON,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'mail_outbox',
        modelName: 'MailOutbox',
        underscored: true,
        hooks: {
          beforeValidate(mail) {
            if (!mail.nextAttemptAt) mail.nextAttemptAt = clock.now();
          },
        },
      },
    );
  }
}
