import type { Action, ActionResponse } from 'adminjs';
import type { Ctx } from '../../src/lib/context.js';
import { staffCtx } from '../context.js';

/**
 * A record action that runs one operation, asks for confirmation first (`guard`) and answers with
 * the fresh record. Its roles come from ROLE_MATRIX[resource].actions[name]; the operation audits.
 * NOTE: AdminJS's UI calls component-less actions with GET; the admin router refuses cross-site
 * requests to the API (Sec-Fetch-Site / Origin), which keeps such a GET from being forged.
 */
export function recordAction(opts: {
  icon: string;
  guard: string;
  /** Shown only when this holds for the record's params. */
  when?: (params: Record<string, unknown>) => boolean;
  run: (id: number, ctx: Ctx) => Promise<void>;
  done: string;
}): Partial<Action<ActionResponse>> {
  return {
    actionType: 'record',
    component: false,
    icon: opts.icon,
    guard: opts.guard,
    isVisible: ({ record }) => !!record && (opts.when?.(record.params) ?? true),
    handler: async (_request, _response, { record, resource, currentAdmin }) => {
      if (!record) throw new Error('record action without a record');
      await opts.run(Number(record.id()), staffCtx(currentAdmin));
      const fresh = (await resource.findOne(record.id())) ?? record;
      return { record: fresh.toJSON(currentAdmin), notice: { message: opts.done, type: 'success' } };
    },
  };
}
