import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler } from 'express';
import { Op, type WhereOptions } from 'sequelize';
import { csvChunks } from '../../src/analytics/reports/csv.js';
import { asyncHandler } from '../../src/http/async.js';
import { clock } from '../../src/lib/clock.js';
import { AuditLog, User } from '../../src/models/index.js';
import { isAllowed, roleOf } from '../rbac.js';
import { auditWhere, filtersOfQuery } from './filters.js';

const BATCH = 1000;
export const AUDIT_CSV_COLUMNS = [
  'id', 'created_at', 'actor_type', 'actor_id', 'actor_email', 'impersonator_id', 'action', 'entity_type', 'entity_id', 'reason', 'before', 'after', 'ip', 'request_id',
] as const;

/** The filtered audit log, newest first, read in id-keyset batches (constant memory however long). */
async function* auditRows(where: WhereOptions): AsyncGenerator<Array<string | number | null>> {
  let below: number | null = null;
  const emails = new Map<number, string>();
  for (;;) {
    const rows: AuditLog[] = await AuditLog.findAll({ where: below === null ? where : { [Op.and]: [where, { id: { [Op.lt]: below } }] }, order: [['id', 'DESC']], limit: BATCH });
    if (!rows.length) return;
    const unknown = [...new Set(rows.map((r) => r.actorId).filter((a): a is number => !!a && !emails.has(a)))];
    if (unknown.length) for (const u of await User.findAll({ where: { id: unknown }, attributes: ['id', 'email'] })) emails.set(u.id, u.email);
    if (emails.size > 10_000) emails.clear();
    for (const r of rows) {
      yield [
        r.id, r.createdAt.toISOString(), r.actorType, r.actorId, r.actorId ? (emails.get(r.actorId) ?? '') : '', r.impersonatorId, r.action, r.entityType, r.entityId,
        r.reason, r.before ? JSON.stringify(r.before) : '', r.after ? JSON.stringify(r.after) : '', r.ip, r.requestId,
      ];
    }
    below = rows[rows.length - 1]!.id;
  }
}

/**
 * GET /admin/exports/audit-log.csv?filters.action=...: the filtered audit log as CSV (RFC 4180: CRLF,
 * quoted where needed, UTF-8, header row, formula-looking text neutralised), streamed. Admin only (the
 * audit log's `exportCsv` grant).
 */
export const exportAuditLogCsv: RequestHandler = asyncHandler(async (req, res) => {
  if (!isAllowed(roleOf(req.session.adminUser), 'audit_logs', 'exportCsv')) {
    res.status(403).type('text').send('Your role does not allow exporting the audit log.');
    return;
  }
  const where = auditWhere(filtersOfQuery(req.query as Record<string, unknown>));
  const stamp = clock.now().toISOString().slice(0, 10);
  res.status(200).set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="audit-log-${stamp}.csv"`,
    'Cache-Control': 'no-store',
  });
  await pipeline(Readable.from(csvChunks(AUDIT_CSV_COLUMNS, auditRows(where)), { objectMode: false }), res);
});
