import type { Before } from 'adminjs';
import { customerActions } from '../actions/customers.js';
import { customerDunningActions } from '../actions/dunning.js';
import { noInput } from '../actions/inputs.js';
import { operationAction } from '../actions/operation-action.js';
import { sessionHandle } from '../../src/auth/sessions/list-user-sessions.js';
import { resetUserTwoFactor } from '../operations/reset-user-two-factor.js';
import { unlockUser } from '../operations/unlock-user.js';
import { filterByRelated, RELATED_FILTERS, searchCustomers } from './customer-search.js';
import type { ResourceSpec } from './define.js';

/** Users, customers, staff notes, API tokens and sessions. */

/** An admin cannot change their own role (no locking oneself out of the back office). */
const keepOwnRole: Before = (request, { record, currentAdmin }) => {
  if (request.method !== 'post' || !record || String(record.id()) !== String(currentAdmin?.id)) return request;
  const { role: _ignored, ...payload } = request.payload ?? {};
  return { ...request, payload };
};

export const identityResources: ResourceSpec[] = [
  {
    model: 'User',
    group: 'Customers',
    editable: ['email', 'firstName', 'lastName', 'role'],
    adminOnly: ['role'],
    reveal: ['passwordlessEnabled'],
    creatable: false,
    options: {
      titleProperty: 'email',
      listProperties: ['id', 'email', 'role', 'firstName', 'lastName', 'totpEnabledAt', 'lockedUntil', 'lastLoginAt'],
      filterProperties: ['email', 'role', 'firstName', 'lastName', 'lockedUntil', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    actions: {
      edit: { before: [keepOwnRole] },
      unlock: operationAction({
        icon: 'Unlock',
        guard: 'confirmUnlock',
        when: (p) => !!p.lockedUntil || Number(p.failedLoginCount) > 0,
        input: noInput,
        run: (id, _input, ctx) => unlockUser(id, ctx),
        done: 'userUnlocked',
      }),
      resetTwoFactor: operationAction({
        icon: 'Shield',
        guard: 'confirmResetTwoFactor',
        when: (p) => !!p.totpEnabledAt,
        input: noInput,
        run: (id, _input, ctx) => resetUserTwoFactor(id, ctx),
        done: 'twoFactorReset',
      }),
    },
  },
  {
    model: 'Customer',
    group: 'Customers',
    creatable: false,
    editable: [
      'status', 'company', 'phone', 'billingLine1', 'billingLine2', 'billingCity', 'billingRegion', 'billingPostalCode', 'billingCountry',
      'shippingLine1', 'shippingLine2', 'shippingCity', 'shippingRegion', 'shippingPostalCode', 'shippingCountry',
      'taxId', 'taxExempt', 'isBusiness', 'currency', 'dunningExempt',
    ],
    options: {
      titleProperty: 'company',
      listProperties: ['id', 'userId', 'company', 'status', 'billingCountry', 'currency', 'creditBalance', 'createdAt'],
      filterProperties: ['name', 'email', 'company', 'invoiceNumber', 'serviceIp', 'status', 'billingCountry', 'currency', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: {
      ...Object.fromEntries(RELATED_FILTERS.map((name) => [name, { type: 'string', isVisible: { list: false, show: false, edit: false, filter: true } }])),
    },
    actions: {
      list: { before: [filterByRelated] },
      // Reference pickers and the search box find customers by company, name, email, invoice number or service IP.
      search: { handler: searchCustomers },
      ...customerActions,
      ...customerDunningActions,
    },
  },
  {
    model: 'AdminNote',
    group: 'Customers',
    editable: ['customerId', 'body', 'pinned'],
    options: { listProperties: ['id', 'customerId', 'body', 'pinned', 'authorId', 'createdAt'], sort: { sortBy: 'createdAt', direction: 'desc' } },
    properties: { body: { type: 'textarea' } },
    actions: {
      // The author is whoever writes the note (set after the payload guard, so never from the form).
      new: { before: [(request, { currentAdmin }) => (request.method === 'post' ? { ...request, payload: { ...request.payload, authorId: currentAdmin?.id } } : request)] },
    },
  },
  {
    model: 'ApiToken',
    group: 'System',
    reveal: ['tokenPrefix'],
    options: { listProperties: ['id', 'userId', 'name', 'tokenPrefix', 'lastUsedAt', 'expiresAt', 'revokedAt'], sort: { sortBy: 'id', direction: 'desc' } },
  },
  {
    model: 'SessionRecord',
    group: 'System',
    hidden: ['sid', 'data'],
    // NOTE: a session id never leaves the server; rows are listed under an opaque handle and cannot be opened.
    recordId: (params) => sessionHandle(String(params.sid)),
    options: { titleProperty: 'ip', listProperties: ['userId', 'surface', 'ip', 'userAgent', 'expiresAt', 'updatedAt'], sort: { sortBy: 'updatedAt', direction: 'desc' } },
    actions: { show: { isAccessible: false } },
  },
];
