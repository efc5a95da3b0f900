import { BaseRecord, flat, type ActionResponse, type ActionHandler, type Before } from 'adminjs';
import { Op, type WhereOptions } from 'sequelize';
import { Customer, Invoice, Service, User } from '../../src/models/index.js';

/**
 * Finding customers by what staff have at hand: name, email, company, an invoice number or a
 * service's IP address. The list's filters `name`, `email`, `invoiceNumber` and `serviceIp` (not
 * columns of customers) become a filter on customer ids; the search box tries all of them at once.
 */

export const RELATED_FILTERS = ['email', 'name', 'invoiceNumber', 'serviceIp'] as const;
type RelatedFilter = (typeof RELATED_FILTERS)[number];

const MAX_IDS = 500;
const likeTerm = (value: unknown) => String(value ?? '').trim().toLowerCase().replace(/[%_\\]/g, '').slice(0, 191);
const like = (term: string) => ({ [Op.like]: `%${term}%` });

async function customerIdsOfUsers(where: WhereOptions): Promise<number[]> {
  const users = await User.findAll({ attributes: ['id'], where: { ...where, role: 'customer' }, limit: MAX_IDS });
  if (!users.length) return [];
  const customers = await Customer.findAll({ attributes: ['id'], where: { userId: users.map((u) => u.id) } });
  return customers.map((c) => c.id);
}

const distinct = (rows: Array<{ customerId: number }>) => [...new Set(rows.map((r) => Number(r.customerId)))];

/** Customer ids matching one related filter (a substring, case-insensitive where the database is). */
export async function customerIdsBy(filter: RelatedFilter, term: string): Promise<number[]> {
  switch (filter) {
    case 'email':
      return customerIdsOfUsers({ email: like(term) });
    case 'name': {
      const parts = term.split(/\s+/).filter(Boolean).slice(0, 3);
      return customerIdsOfUsers({ [Op.and]: parts.map((p) => ({ [Op.or]: [{ firstName: like(p) }, { lastName: like(p) }] })) });
    }
    case 'invoiceNumber':
      return distinct(await Invoice.findAll({ attributes: ['customerId'], where: { number: like(term) }, limit: MAX_IDS }));
    case 'serviceIp':
      // NOTE: primary addresses only; additional ones are inside a JSON column that neither dialect indexes.
      return distinct(await Service.findAll({ attributes: ['customerId'], where: { primaryIp: like(term) }, limit: MAX_IDS, paranoid: false }));
  }
}

/** list: the related filters narrowed to customer ids (all of them must match). */
export const filterByRelated: Before = async (request) => {
  const query = flat.unflatten(request.query ?? {}) as { filters?: Record<string, unknown> };
  const filters = { ...(query.filters ?? {}) };
  let ids: number[] | null = null;
  for (const name of RELATED_FILTERS) {
    if (!(name in filters)) continue;
    const term = likeTerm(filters[name]);
    delete filters[name];
    if (!term) continue;
    const found = await customerIdsBy(name, term);
    ids = ids === null ? found : ids.filter((id) => found.includes(id));
  }
  if (ids === null) return { ...request, query: flat.flatten({ ...query, filters }) };
  return { ...request, query: flat.flatten({ ...query, filters: { ...filters, id: ids.length ? ids : [0] } }) };
};

/** The search box and reference pickers: company, email, name, invoice number or service IP. */
export const searchCustomers: ActionHandler<ActionResponse> = async (request, _response, { resource, currentAdmin }) => {
  const term = likeTerm(request.params.query);
  let where: WhereOptions = {};
  if (term) {
    const byRelated = await Promise.all(RELATED_FILTERS.map((f) => customerIdsBy(f, term)));
    where = { [Op.or]: [{ company: like(term) }, { id: [...new Set(byRelated.flat())] }] };
  }
  const rows = await Customer.findAll({ where, include: [{ model: User, as: 'user', attributes: ['email', 'firstName', 'lastName'] }], limit: 50, order: [['id', 'DESC']] });
  return {
    records: rows.map((row) => {
      const { user, ...params } = row.get({ plain: true }) as Record<string, unknown> & { user?: { email: string; firstName: string | null; lastName: string | null } };
      const json = new BaseRecord(params, resource).toJSON(currentAdmin);
      const name = [user?.firstName, user?.lastName].filter(Boolean).join(' ');
      return { ...json, title: [params.company || name, user?.email && `<${user.email}>`].filter(Boolean).join(' ') };
    }),
  };
};
