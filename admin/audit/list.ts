import { BaseRecord, flat, populator, type ActionHandler, type ActionResponse } from 'adminjs';
import { AuditLog } from '../../src/models/index.js';
import { cappedCount } from '../resources/adapter.js';
import { auditWhere, filtersOfQuery } from './filters.js';

const MAX_PER_PAGE = 100;

/** The audit log's list: our filters (see filters.ts), newest first by default, actor names populated; the total is capped (cappedCount). */
export const listAuditLog: ActionHandler<ActionResponse> = async (request, _response, context) => {
  const { resource, currentAdmin } = context;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(query.perPage) || 25));
  const page = Math.max(1, Math.floor(Number(query.page) || 1));
  const direction = query.direction === 'asc' ? 'asc' : 'desc';
  const sortBy = ['id', 'createdAt', 'action', 'entityType', 'actorId'].includes(String(query.sortBy)) ? String(query.sortBy) : 'id';
  const where = auditWhere(filtersOfQuery(query));
  const [rows, count] = await Promise.all([
    AuditLog.findAll({ where, order: [[sortBy, direction.toUpperCase()], ['id', direction.toUpperCase()]], limit: perPage, offset: (page - 1) * perPage }),
    cappedCount(AuditLog, where),
  ]);
  const records = rows.map((row) => new BaseRecord(flat.flatten(row.get({ plain: true })) as Record<string, unknown>, resource));
  const populated = await populator(records, context);
  return { meta: { total: count, perPage, page, direction, sortBy }, records: populated.map((r) => r.toJSON(currentAdmin)) };
};
