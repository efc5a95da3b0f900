import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Ticket } from './ticket.js';
import type { TicketReply } from './ticket-reply.js';

/** A file attached to a ticket reply; the bytes live in storage under `storedName`. */
export class TicketAttachment extends Model<InferAttributes<TicketAttachment>, InferCreationAttributes<TicketAttachment>> {
  declare id: CreationOptional<number>;
  declare ticketId: ForeignKey<Ticket['id']>;
  declare replyId: ForeignKey<TicketReply['id']>;
  /** The uploader's file name, shown on download; never used as a path. */
  declare originalName: string;
  declare storedName: string;
  declare contentType: string;
  declare sizeBytes: number;
  declare sha256: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof TicketAttachment {
    return TicketAttachment.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        originalName: { type: DataTypes.STRING(255), allowNull: false, validate: { notEmpty: true } },
        storedName: { type: DataTypes.STRING(191), allowNull: false, validate: { is: /^[A-Za-z0-9._/-]+$/, not: /\.\./ } },
        contentType: { type: DataTypes.STRING(127), allowNull: false },
        sizeBytes: { type: DataTypes.BIGINT, allowNull: false, validate: { min: 0 } },
        sha256: { type: DataTypes.STRING(64), allowNull: false, validate: { is: /^[a-f0-9]{64}$/ } },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'ticket_attachments', modelName: 'TicketAttachment', underscored: true },
    );
  }
}
