import { CannedResponse } from '../canned-response.js';
import { Customer } from '../customer.js';
import { Service } from '../service.js';
import { TicketAttachment } from '../ticket-attachment.js';
import { TicketDepartment } from '../ticket-department.js';
import { TicketReply } from '../ticket-reply.js';
import { Ticket } from '../ticket.js';
import { User } from '../user.js';

/** Support: departments, tickets, replies, attachments, canned responses. */
export const supportModels = [TicketDepartment, Ticket, TicketReply, TicketAttachment, CannedResponse];

export function associateSupport(): void {
  TicketDepartment.hasMany(Ticket, { foreignKey: 'departmentId', as: 'tickets' });
  Ticket.belongsTo(TicketDepartment, { foreignKey: 'departmentId', as: 'department' });
  Customer.hasMany(Ticket, { foreignKey: 'customerId', as: 'tickets' });
  Ticket.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  Service.hasMany(Ticket, { foreignKey: 'serviceId', as: 'tickets' });
  Ticket.belongsTo(Service, { foreignKey: 'serviceId', as: 'service' });
  Ticket.belongsTo(User, { foreignKey: 'assigneeId', as: 'assignee' });
  Ticket.belongsTo(User, { foreignKey: 'openedById', as: 'openedBy' });
  Ticket.belongsTo(Ticket, { foreignKey: 'mergedIntoId', as: 'mergedInto' });
  Ticket.hasMany(TicketReply, { foreignKey: 'ticketId', as: 'replies' });
  TicketReply.belongsTo(Ticket, { foreignKey: 'ticketId', as: 'ticket' });
  TicketReply.belongsTo(User, { foreignKey: 'authorId', as: 'author' });
  Ticket.hasMany(TicketAttachment, { foreignKey: 'ticketId', as: 'attachments' });
  TicketAttachment.belongsTo(Ticket, { foreignKey: 'ticketId', as: 'ticket' });
  TicketReply.hasMany(TicketAttachment, { foreignKey: 'replyId', as: 'attachments' });
  TicketAttachment.belongsTo(TicketReply, { foreignKey: 'replyId', as: 'reply' });
  TicketDepartment.hasMany(CannedResponse, { foreignKey: 'departmentId', as: 'cannedResponses' });
  CannedResponse.belongsTo(TicketDepartment, { foreignKey: 'departmentId', as: 'department' });
}
