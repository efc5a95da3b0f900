import { BaseRecord, flat, type ActionResponse, type Before } from 'adminjs';
import { Op } from 'sequelize';
import { sessionHandle } from '../../src/auth/sessions/list-user-sessions.js';
import { Customer, User } from '../../src/models/index.js';
import { resetUserTwoFactor } from '../operations/reset-user-two-factor.js';
import { unlockUser } from '../operations/unlock-user.js';
import type { ResourceSpec } from './define.js';
import { recordAction } from './record-action.js';

/** Users, customers, staff notes, API tokens and sessions. */

const likeTerm = (value: unknown) => String(value ?? '').trim().toLowerCase().replace(/[%_\\]/g, '').slice(0, 191);

/** An admin cannot change their own role (no locking oneself out of the back office). */
const keepOwnRole: Before = (request, { record, currentAdmin }) => {
  if (request.method !== 'post' || !record || String(record.id()) !== String(currentAdmin?.id)) return request;
  const { role: _ignored, ...payload } = request.payload ?? {};
  return { ...request, payload };
};

/** Customers list: the `email` filter (an attribute of the user) becomes a filter on user ids. */
const filterByEmail: Before = async (request) => {
  const query = flat.unflatten(request.query ?? {}) as { filters?: Record<string, unknown> };
  const term = likeTerm(query.filters?.email);
  if (!query.filters || !('email' in query.filters)) return request;
  const { email: _email, ...filters } = query.filters;
  if (!term) return { ...request, query: flat.flatten({ ...query, filters }) };
  const users = await User.findAll({ attributes: ['id'], where: { email: { [Op.like]: `%${term}%` } }, limit: 500 });
  const userId = users.length ? users.map((u) => u.id) : [0];
  return { ...request, query: flat.flatten({ ...query, filters: { ...filters, userId } }) };
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
      unlock: recordAction({
        icon: 'Unlock',
        guard: 'confirmUnlock',
        when: (p) => !!p.lockedUntil || Number(p.failedLoginCount) > 0,
        run: (id, ctx) => unlockUser(id, ctx),
        done: 'userUnlocked',
      }),
      resetTwoFactor: recordAction({
        icon: 'Shield',
        guard: 'confirmResetTwoFactor',
        when: (p) => !!p.totpEnabledAt,
        run: (id, ctx) => resetUserTwoFactor(id, ctx),
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
      filterProperties: ['email', 'company', 'status', 'billingCountry', 'currency', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: {
      email: { type: 'string', isVisible: { list: false, show: false, edit: false, filter: true } },
    },
    actions: {
      list: { before: [filterByEmail] },
      search: {
        // Reference pickers (e.g. a note's customer) find customers by company or by the user's email.
        handler: async (request, _response, { resource, currentAdmin }): Promise<ActionResponse> => {
          const term = likeTerm(request.params.query);
          const where = term ? { [Op.or]: [{ company: { [Op.like]: `%${term}%` } }, { '$user.email$': { [Op.like]: `%${term}%` } }] } : {};
          const rows = await Customer.findAll({ where, include: [{ model: User, as: 'user', attributes: ['email'] }], limit: 50, order: [['id', 'DESC']] });
          return {
            records: rows.map((row) => {
              const { user, ...params } = row.get({ plain: true }) as Record<string, unknown> & { user?: { email: string } };
              const json = new BaseRecord(params, resource).toJSON(currentAdmin);
              return { ...json, title: [params.company, user?.email && `<${user.email}>`].filter(Boolean).join(' ') };
            }),
          };
        },
      },
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
