import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { TICKET_AUTHOR_KINDS, TICKET_CHANNELS, type TicketAuthorKind, type TicketChannel } from './enums.js';
import type { Ticket } from './ticket.js';
import type { TicketAttachment } from './ticket-attachment.js';
import type { User } from './user.js';

/** One message on a ticket: public, or an internal staff note the customer never sees. */
export class TicketReply extends Model<InferAttributes<TicketReply>, InferCreationAttributes<TicketReply>> {
  declare id: CreationOptional<number>;
  declare ticketId: ForeignKey<Ticket['id']>;
  declare authorId: ForeignKey<User['id']> | null;
  declare authorKind: TicketAuthorKind;
  declare body: string;
  /** A staff note: never shown to the customer nor mailed to them. */
  declare internal: CreationOptional<boolean>;
  declare via: CreationOptional<TicketChannel>;
  /** Message-ID of the inbound email this reply came from; unique, so a redelivered email adds nothing. */
  declare emailMessageId: CreationOptional<string | null>;
  declare ip: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare ticket?: NonAttribute<Ticket>;
  declare author?: NonAttribute<User | null>;
  declare attachments?: NonAttribute<TicketAttachment[]>;

  static initModel(sequelize: Sequelize): typeof TicketReply {
    return TicketReply.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        authorKind: attr.enum(TICKET_AUTHOR_KINDS),
        body: { type: DataTypes.TEXT, allowNull: false, validate: { notEmpty: true } },
        internal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        via: attr.enum(TICKET_CHANNELS, { default: 'web' }),
        emailMessageId: { type: DataTypes.STRING(255) },
        ip: DataTypes.STRING(64),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'ticket_replies',
        modelName: 'TicketReply',
        underscored: true,
        validate: {
          internalNotesAreStaffOnly(this: TicketReply) {
            if (this.internal && this.authorKind !== 'staff') throw new Error('Only staff can write internal notes');
          },
        },
      },
    );
  }
}
