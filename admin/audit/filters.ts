import { Op, type WhereOptions } from 'sequelize';
import { AUDIT_ACTOR_TYPES } from '../../src/models/enums.js';

/**
 * The audit log's filters (list page and CSV export share them): actor, impersonator, actor type,
 * action (substring), entity type and id (exact), request id, and a date range on created_at.
 * Built by hand rather than by the Sequelize adapter, whose LIKE escapes dots (`invoice.voided`
 * then matches nothing on SQLite).
 */
export type AuditFilters = Record<string, unknown>;

const text = (value: unknown, max = 191): string | null => {
  const v = typeof value === 'string' ? value.trim().slice(0, max) : typeof value === 'number' ? String(value) : '';
  return v ? v : null;
};
const id = (value: unknown): number | null => {
  const n = Number(text(value));
  return Number.isInteger(n) && n > 0 ? n : null;
};
/** A day (`2026-05-01`, start of that UTC day; `to` includes the whole day) or a full timestamp. */
const when = (value: unknown, end: boolean): Date | null => {
  const v = text(value, 40);
  if (!v) return null;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const date = new Date(day ? `${v}T00:00:00.000Z` : v);
  if (Number.isNaN(date.getTime())) return null;
  return day && end ? new Date(date.getTime() + 86_400_000 - 1) : date;
};

/** The `where` of the filtered audit log; unknown or malformed filters are ignored. */
export function auditWhere(filters: AuditFilters = {}): WhereOptions {
  const and: WhereOptions[] = [];
  const actorId = id(filters.actorId);
  if (actorId) and.push({ actorId });
  const impersonatorId = id(filters.impersonatorId);
  if (impersonatorId) and.push({ impersonatorId });
  const actorType = text(filters.actorType);
  if (actorType && (AUDIT_ACTOR_TYPES as readonly string[]).includes(actorType)) and.push({ actorType });
  const action = text(filters.action, 100)?.replace(/[%\\]/g, '');
  if (action) and.push({ action: { [Op.like]: `%${action}%` } });
  const entityType = text(filters.entityType, 64);
  if (entityType) and.push({ entityType });
  const entityId = text(filters.entityId, 64);
  if (entityId) and.push({ entityId });
  const requestId = text(filters.requestId, 64);
  if (requestId) and.push({ requestId });
  const from = when(filters['createdAt~~from'], false);
  if (from) and.push({ createdAt: { [Op.gte]: from } });
  const to = when(filters['createdAt~~to'], true);
  if (to) and.push({ createdAt: { [Op.lte]: to } });
  return and.length ? { [Op.and]: and } : {};
}

/** The filters of a request's query (`filters.action=...` or already nested). */
export function filtersOfQuery(query: Record<string, unknown>): AuditFilters {
  const out: AuditFilters = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('filters.')) out[key.slice('filters.'.length)] = value;
  }
  if (query.filters && typeof query.filters === 'object') Object.assign(out, query.filters);
  return out;
}
