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
      listProperties: ['id', 'number', 'customerId', 'status', 'total', 'reviewReason', 'createdAt'],
      filterProperties: ['number', 'customerId', 'status', 'country', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    actions: orderActions,
  },
  {
    model: 'Service',
    group: 'Provisioning',
    // NOTE: only where the service lives is editable (e.g. linking an imported service to its panel server); its status changes through the actions.
    editable: ['hostname', 'domain', 'primaryIp', 'externalId', 'externalUserId'],
    creatable: false,
    options: {
      titleProperty: 'reference',
      listProperties: ['id', 'reference', 'customerId', 'serviceType', 'driver', 'status', 'hostname', 'primaryIp'],
      filterProperties: ['reference', 'customerId', 'serviceType', 'driver', 'status', 'hostname', 'domain', 'primaryIp', 'externalId'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    actions: serviceActions,
  },
  {
    model: 'ProvisioningTask',
    group: 'Provisioning',
    options: {
      listProperties: ['id', 'serviceId', 'action', 'status', 'attempts', 'lastError', 'nextAttemptAt', 'finishedAt'],
      filterProperties: ['serviceId', 'action', 'status', 'lastError', 'createdAt', 'finishedAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: { lastError: { type: 'textarea' } },
  },
  {
    model: 'ProvisioningLog',
    group: 'Provisioning',
    options: {
      listProperties: ['id', 'serviceId', 'taskId', 'driver', 'action', 'success', 'responseCode', 'durationMs', 'createdAt'],
      filterProperties: ['serviceId', 'taskId', 'driver', 'action', 'success', 'responseCode', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: { error: { type: 'textarea' }, requestSummary: { type: 'textarea' } },
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
  {
    model: 'Article',
    group: 'Support',
    editable: ['kind', 'category', 'slug', 'title', 'summary', 'bodyMd', 'sortOrder', 'publishedAt'],
    options: {
      titleProperty: 'title',
      listProperties: ['id', 'kind', 'category', 'title', 'slug', 'publishedAt', 'updatedAt'],
      filterProperties: ['kind', 'category', 'title', 'slug', 'publishedAt'],
      showProperties: ['id', 'kind', 'category', 'slug', 'title', 'summary', 'bodyMd', 'sortOrder', 'publishedAt', 'createdAt', 'updatedAt'],
      editProperties: ['kind', 'category', 'slug', 'title', 'summary', 'bodyMd', 'sortOrder', 'publishedAt'],
      sort: { sortBy: 'updatedAt', direction: 'desc' },
    },
    properties: {
      kind: { description: 'kb: knowledge base (/kb), faq: a question on /faq, news: a blog post (/blog and its RSS feed).' },
      category: { description: 'Knowledge base section the article is listed under (e.g. Getting started).' },
      slug: { description: 'Lowercase words joined by dashes; the last part of the page address.' },
      bodyMd: { type: 'textarea', description: 'Markdown. For a FAQ entry: the answer.' },
      publishedAt: { description: 'Shown on the site from this moment; empty keeps it a draft.' },
    },
  },
];
