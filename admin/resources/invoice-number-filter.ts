import { flat, type Before } from 'adminjs';
import { Invoice } from '../../src/models/index.js';

/**
 * invoices list: a `number` filter that is a whole invoice number finds that invoice through the unique
 * index; anything else stays a substring search (which reads every number: slow over millions of invoices).
 */
export const exactInvoiceNumber: Before = async (request) => {
  const query = flat.unflatten(request.query ?? {}) as { filters?: Record<string, unknown> };
  const { number, ...rest } = query.filters ?? {};
  const wanted = typeof number === 'string' ? number.trim() : '';
  if (!wanted) return request;
  const found = await Invoice.findOne({ attributes: ['id'], where: { number: wanted } });
  if (!found) return request;
  return { ...request, query: flat.flatten({ ...query, filters: { ...rest, id: String(found.id) } }) };
};
