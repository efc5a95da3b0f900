import { flat, type Action, type ActionResponse } from 'adminjs';
import type { z } from 'zod';
import type { Ctx } from '../../src/lib/context.js';
import { isAppError } from '../../src/lib/errors.js';
import { staffCtx } from '../context.js';

/** A record's params as AdminJS holds them (flattened). */
export type RecordParams = Record<string, unknown>;

/**
 * A record action that runs one domain operation with staff input. GET answers with the record (the
 * guard / confirmation step); POST validates `request.payload` with `input` and runs the operation,
 * which writes its own audit row. Roles: ROLE_MATRIX[resource].actions[name] (applied by defineResource).
 * A refusal of the operation (conflict, validation, not found) comes back as an error notice, never a 500.
 */
export function operationAction<S extends z.ZodType>(opts: {
  icon: string;
  guard: string;
  /** Shown (and runnable) only when this holds for the record's params. */
  when?: (params: RecordParams) => boolean;
  input: S;
  run: (id: number, input: z.output<S>, ctx: Ctx, params: RecordParams) => Promise<unknown>;
  done: string;
}): Partial<Action<ActionResponse>> {
  const applies = (params: RecordParams) => opts.when?.(params) ?? true;
  return {
    actionType: 'record',
    component: false,
    icon: opts.icon,
    guard: opts.guard,
    isVisible: ({ record }) => !!record && applies(record.params),
    handler: async (request, _response, { record, resource, currentAdmin }) => {
      if (!record) throw new Error('record action without a record');
      const shown = () => record.toJSON(currentAdmin);
      if (request.method !== 'post') return { record: shown() };
      if (!applies(record.params)) return { record: shown(), notice: { message: 'actionNotApplicable', type: 'error' } };
      const parsed = opts.input.safeParse(flat.unflatten(request.payload ?? {}));
      if (!parsed.success) {
        const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'input');
        return { record: shown(), notice: { message: `invalidActionInput: ${[...new Set(fields)].join(', ')}`, type: 'error' } };
      }
      try {
        await opts.run(Number(record.id()), parsed.data, staffCtx(currentAdmin), record.params);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return { record: shown(), notice: { message: err.message, type: 'error' } };
      }
      const fresh = (await resource.findOne(record.id())) ?? record;
      return { record: fresh.toJSON(currentAdmin), notice: { message: opts.done, type: 'success' } };
    },
  };
}
