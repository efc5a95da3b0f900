import { invoiceDunningActions } from '../actions/dunning.js';
import { invoiceActions } from '../actions/invoices.js';
import { subscriptionActions } from '../actions/subscriptions.js';
import type { ResourceSpec } from './define.js';
import { exactInvoiceNumber } from './invoice-number-filter.js';

/**
 * Money: read-only here. Invoices change only through billing operations (issue, void, credit note);
 * a draft's notes and due date may be edited. Money rows are never deleted (see ROLE_MATRIX).
 */
const money = (extra: string[] = []) => ['id', 'number', 'customerId', ...extra];

export const billingResources: ResourceSpec[] = [
  {
    model: 'Subscription',
    group: 'Billing',
    options: {
      listProperties: ['id', 'customerId', 'planId', 'status', 'cycle', 'price', 'currentPeriodEnd'],
      filterProperties: ['customerId', 'planId', 'status', 'cycle', 'currency', 'currentPeriodEnd'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    actions: subscriptionActions,
  },
  {
    model: 'Invoice',
    group: 'Billing',
    largeTable: true,
    sortable: ['number', 'customerId', 'status', 'issuedAt', 'paidAt'],
    editable: ['notes', 'dueAt'],
    creatable: false,
    options: {
      titleProperty: 'number',
      listProperties: money(['status', 'kind', 'total', 'amountDue', 'dueAt']),
      filterProperties: ['number', 'customerId', 'status', 'kind', 'currency', 'issuedAt', 'dueAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    actions: { list: { before: [exactInvoiceNumber] }, edit: { isAccessible: ({ record }) => record?.param('status') === 'draft' }, ...invoiceActions, ...invoiceDunningActions },
  },
  {
    model: 'InvoiceLine',
    group: 'Billing',
    largeTable: true,
    sortable: ['invoiceId'],
    // NOTE: lines carry no currency column (it is the invoice's), so amounts stay in minor units here.
    options: { listProperties: ['id', 'invoiceId', 'kind', 'description', 'quantity', 'amountMinor', 'taxMinor'] },
  },
  {
    model: 'CreditNote',
    group: 'Billing',
    options: { titleProperty: 'number', listProperties: money(['kind', 'total', 'refundTo', 'issuedAt']), sort: { sortBy: 'id', direction: 'desc' } },
  },
  {
    model: 'PaymentAttempt',
    group: 'Billing',
    largeTable: true,
    sortable: ['invoiceId', 'customerId', 'status'],
    options: {
      listProperties: ['id', 'invoiceId', 'customerId', 'gateway', 'amount', 'status', 'attemptedAt'],
      filterProperties: ['invoiceId', 'customerId', 'gateway', 'status', 'attemptedAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
  },
  {
    model: 'LedgerEntry',
    group: 'Billing',
    largeTable: true,
    sortable: ['invoiceId', 'customerId', 'kind'],
    options: {
      listProperties: ['id', 'customerId', 'invoiceId', 'kind', 'amount', 'gateway', 'occurredAt'],
      filterProperties: ['customerId', 'invoiceId', 'kind', 'gateway', 'currency', 'occurredAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
  },
  {
    model: 'GatewayEvent',
    group: 'Billing',
    largeTable: true,
    sortable: ['gateway', 'type', 'objectId', 'status'],
    options: {
      listProperties: ['id', 'gateway', 'type', 'eventId', 'status', 'attempts', 'receivedAt'],
      filterProperties: ['gateway', 'type', 'eventId', 'objectId', 'status', 'receivedAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
  },
  {
    model: 'TaxRate',
    group: 'Billing',
    editable: ['country', 'region', 'name', 'rateBp', 'inclusive', 'active', 'validFrom', 'validUntil'],
    options: { titleProperty: 'name', listProperties: ['id', 'country', 'region', 'name', 'rateBp', 'inclusive', 'active'] },
    properties: { rateBp: { description: 'Basis points: 2000 = 20%' } },
  },
  {
    model: 'FxRate',
    group: 'Billing',
    editable: ['base', 'quote', 'rateMicros', 'effectiveOn', 'source'],
    options: { listProperties: ['id', 'base', 'quote', 'rateMicros', 'effectiveOn', 'source'], sort: { sortBy: 'effectiveOn', direction: 'desc' } },
    properties: { rateMicros: { description: 'Units of quote per unit of base, times 1,000,000' } },
  },
];
