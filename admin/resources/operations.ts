import { orderActions } from '../actions/orders.js';
import { serviceActions } from '../actions/services.js';
import type { ResourceSpec } from './define.js';

/** Orders and services (Provisioning), tickets and contact messages (Support). */
export const operationsResources: ResourceSpec[] = [
  {
    model: 'Order',
    group: 'Provisioning',
    options: {
      titleProperty: 'number',
      listProperties: ['id', 'number', 'customerId', 'status', 'total', 'riskScore', 'createdAt'],
      filterProperties: ['number', 'customerId', 'status', 'country', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    actions: orderActions,
  },
  {
    model: 'Service',
    group: 'Provisioning',
    options: {
      titleProperty: 'reference',
      listProperties: ['id', 'reference', 'customerId', 'serviceType', 'driver', 'status', 'hostname', 'primaryIp'],
      filterProperties: ['reference', 'customerId', 'serviceType', 'driver', 'status', 'hostname', 'domain', 'primaryIp', 'externalId'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    actions: serviceActions,
  },
  {
    model: 'Ticket',
    group: 'Support',
    editable: ['status', 'priority', 'departmentId', 'assigneeId'],
    creatable: false,
    options: {
      titleProperty: 'subject',
      listProperties: ['id', 'number', 'subject', 'customerId', 'status', 'priority', 'assigneeId', 'lastReplyAt'],
      filterProperties: ['number', 'subject', 'customerId', 'status', 'priority', 'departmentId', 'assigneeId', 'lastReplyAt'],
      sort: { sortBy: 'lastReplyAt', direction: 'desc' },
    },
  },
  {
    model: 'ContactMessage',
    group: 'Support',
    editable: ['status'],
    creatable: false,
    options: {
      titleProperty: 'subject',
      listProperties: ['id', 'name', 'email', 'subject', 'status', 'createdAt'],
      filterProperties: ['name', 'email', 'subject', 'status', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: { message: { type: 'textarea' } },
  },
];
