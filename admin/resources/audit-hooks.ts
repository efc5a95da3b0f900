import { flat, type ActionContext, type ActionResponse, type After, type Before, type RecordJSON } from 'adminjs';
import { diffForAudit, recordAudit } from '../../src/audit/record-audit.js';
import { logger } from '../../src/lib/logger.js';
import { staffCtx } from '../context.js';

/**
 * Audit rows for AdminJS's built-in data-changing actions (new, edit, delete, bulkDelete):
 * `before` keeps the rows as they were, `after` writes `<entity>.created|updated|deleted` with the
 * changed values (recordAudit keeps only changed, non-secret keys). Refused or failed actions write nothing.
 */

const SNAPSHOT = '__auditBefore';
type Snapshot = Map<string, Record<string, unknown>>;
type Verb = 'created' | 'updated' | 'deleted';

/** Remembers the affected rows of a POST (record or bulk selection) on the action context. */
export const snapshotForAudit: Before = (request, context) => {
  if (request.method === 'post') {
    const rows = context.record ? [context.record] : (context.records ?? []);
    context[SNAPSHOT] = new Map(rows.map((r) => [String(r.id()), flat.unflatten(r.params) as Record<string, unknown>])) as Snapshot;
  }
  return request;
};

async function write(entityType: string, verb: Verb, id: string, before: unknown, after: unknown, context: ActionContext): Promise<void> {
  try {
    await recordAudit(
      { action: `${entityType}.${verb}`, entityType, entityId: id, before: (before ?? null) as Record<string, unknown> | null, after: (after ?? null) as Record<string, unknown> | null },
      staffCtx(context.currentAdmin),
    );
  } catch (err) {
    // NOTE: the change is already saved (AdminJS gives no transaction); a lost audit row is logged loudly.
    logger().error({ err, entityType, verb, id }, 'audit row for a back-office change was not written');
  }
}

/** Writes the audit rows once the action succeeded. */
export function auditChange(entityType: string, verb: Verb): After<ActionResponse> {
  return async (response, request, context) => {
    if (request.method !== 'post' || response.notice?.type !== 'success') return response;
    const before = (context[SNAPSHOT] as Snapshot | undefined) ?? new Map();
    if (verb === 'deleted') {
      for (const [id, row] of before) await write(entityType, verb, id, row, null, context);
      return response;
    }
    const record = response.record as RecordJSON | undefined;
    if (!record?.id) return response;
    const after = flat.unflatten(record.params) as Record<string, unknown>;
    const previous = before.get(String(record.id)) ?? null;
    if (verb === 'updated') {
      const diff = diffForAudit(previous, after);
      if (!Object.keys(diff.after ?? {}).length && !Object.keys(diff.before ?? {}).length) return response;
    }
    await write(entityType, verb, String(record.id), previous, after, context);
    return response;
  };
}
