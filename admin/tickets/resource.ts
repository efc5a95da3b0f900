import type { ResourceSpec } from '../resources/define.js';
import { Components } from '../component-loader.js';
import { deskAction } from './desk-action.js';
import { withQueueColumns } from './queue-columns.js';

/**
 * Tickets in the back office. The queue (list) filters by department, status, priority, assignee and customer and
 * shows the customer's name and the time to first response against the SLA; opening a ticket shows the desk (thread
 * with internal notes marked, reply with canned responses, note, status, priority, assignment, merge, and the
 * customer's services and invoices). Every change goes through the `desk` action and a support operation, never a
 * plain edit; only the department is edited as a field. Roles: ROLE_MATRIX.tickets (admin and support; finance none).
 */
export const ticketResourceSpec: ResourceSpec = {
  model: 'Ticket',
  group: 'Support',
  editable: ['departmentId'],
  creatable: false,
  hidden: ['replyTokenNonce'],
  options: {
    titleProperty: 'subject',
    listProperties: ['number', 'subject', 'customerName', 'departmentId', 'status', 'priority', 'assigneeId', 'firstResponse', 'lastReplyAt'],
    filterProperties: ['number', 'subject', 'customerId', 'departmentId', 'status', 'priority', 'assigneeId', 'lastReplyAt', 'createdAt'],
    showProperties: ['number', 'subject', 'customerId', 'departmentId', 'status', 'priority', 'assigneeId', 'createdAt', 'lastReplyAt'],
    sort: { sortBy: 'lastReplyAt', direction: 'desc' },
  },
  properties: {
    customerName: { type: 'string', isSortable: false, isVisible: { list: true, show: false, edit: false, filter: false } },
    firstResponse: { type: 'string', isSortable: false, isVisible: { list: true, show: false, edit: false, filter: false } },
    slaState: { type: 'string', isSortable: false, isVisible: false },
  },
  actions: {
    list: { after: [withQueueColumns] },
    show: { component: Components.TicketDesk },
    desk: deskAction,
  },
};

/** Support departments: where tickets and emailed tickets go (the address routes inbound mail). */
export const departmentResourceSpec: ResourceSpec = {
  model: 'TicketDepartment',
  group: 'Support',
  editable: ['name', 'slug', 'email', 'description', 'active', 'sortOrder'],
  options: {
    titleProperty: 'name',
    listProperties: ['name', 'email', 'active', 'sortOrder'],
    filterProperties: ['name', 'email', 'active'],
    sort: { sortBy: 'sortOrder', direction: 'asc' },
  },
  properties: { description: { type: 'textarea' } },
};

/** Canned responses offered on the ticket page (placeholders: {customer_name}, {ticket_number}, {ticket_subject}, {agent_name}). */
export const cannedResponseResourceSpec: ResourceSpec = {
  model: 'CannedResponse',
  group: 'Support',
  editable: ['title', 'body', 'departmentId', 'active'],
  options: {
    titleProperty: 'title',
    listProperties: ['title', 'departmentId', 'active', 'updatedAt'],
    filterProperties: ['title', 'departmentId', 'active'],
    sort: { sortBy: 'title', direction: 'asc' },
  },
  properties: { body: { type: 'textarea', description: 'Placeholders: {customer_name}, {ticket_number}, {ticket_subject}, {agent_name}' } },
};

/** The Support resources defined here (tickets replace the plain resource of operations.ts). */
export const ticketResources: ResourceSpec[] = [ticketResourceSpec, departmentResourceSpec, cannedResponseResourceSpec];
