import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { clock } from '../lib/clock.js';
import { randomToken } from '../lib/crypto.js';
import {
  TICKET_CHANNELS,
  TICKET_PARTIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketChannel,
  type TicketParty,
  type TicketPriority,
  type TicketStatus,
} from './enums.js';
import { attr } from './attributes.js';
import type { Customer } from './customer.js';
import type { Service } from './service.js';
import type { TicketDepartment } from './ticket-department.js';
import type { TicketReply } from './ticket-reply.js';
import type { User } from './user.js';

export const TICKET_NUMBER_PATTERN = /^T-\d{6,}$/;

/** A support ticket: a customer's conversation with a department, optionally about one service. */
export class Ticket extends Model<InferAttributes<Ticket>, InferCreationAttributes<Ticket>> {
  declare id: CreationOptional<number>;
  /** Public number, gap-free from the `ticket` sequence: T-000123. */
  declare number: string;
  declare customerId: ForeignKey<Customer['id']>;
  declare departmentId: ForeignKey<TicketDepartment['id']>;
  /** The service the ticket is about, if any. */
  declare serviceId: ForeignKey<Service['id']> | null;
  declare subject: string;
  declare status: CreationOptional<TicketStatus>;
  declare priority: CreationOptional<TicketPriority>;
  declare openedVia: CreationOptional<TicketChannel>;
  /** Staff member who opened it on the customer's behalf, or the customer's user. */
  declare openedById: ForeignKey<User['id']> | null;
  declare assigneeId: ForeignKey<User['id']> | null;
  declare firstResponseAt: CreationOptional<Date | null>;
  declare lastReplyAt: CreationOptional<Date | null>;
  declare lastReplyBy: CreationOptional<TicketParty | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare mergedIntoId: ForeignKey<Ticket['id']> | null;
  /** Part of the signed reply-to address; rotating it revokes every reply address mailed so far. */
  declare replyTokenNonce: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare customer?: NonAttribute<Customer>;
  declare department?: NonAttribute<TicketDepartment>;
  declare assignee?: NonAttribute<User | null>;
  declare service?: NonAttribute<Service | null>;
  declare replies?: NonAttribute<TicketReply[]>;

  get isClosed(): NonAttribute<boolean> {
    return this.status === 'closed';
  }

  static initModel(sequelize: Sequelize): typeof Ticket {
    return Ticket.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        number: { type: DataTypes.STRING(20), allowNull: false, validate: { is: TICKET_NUMBER_PATTERN } },
        subject: {
          type: DataTypes.STRING(191),
          allowNull: false,
          validate: { notEmpty: true },
          set(value: string) {
            this.setDataValue('subject', String(value).replace(/\s+/g, ' ').trim());
          },
        },
        status: attr.enum(TICKET_STATUSES, { default: 'open' }),
        priority: attr.enum(TICKET_PRIORITIES, { default: 'normal' }),
        openedVia: attr.enum(TICKET_CHANNELS, { default: 'web' }),
        firstResponseAt: DataTypes.DATE,
        lastReplyAt: DataTypes.DATE,
        lastReplyBy: attr.enum(TICKET_PARTIES, { nullable: true }),
        closedAt: DataTypes.DATE,
        replyTokenNonce: { type: DataTypes.STRING(32), allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'tickets',
        modelName: 'Ticket',
        underscored: true,
        hooks: {
          beforeValidate(ticket) {
            if (!ticket.replyTokenNonce) ticket.replyTokenNonce = randomToken(12);
          },
          // NOTE: closed_at follows the status, so "closed in period" reports never miss a ticket.
          beforeSave(ticket) {
            if (!ticket.changed('status') && !ticket.isNewRecord) return;
            if (ticket.status === 'closed') ticket.closedAt ??= clock.now();
            else ticket.closedAt = null;
          },
        },
      },
    );
  }
}
