import { flat, type Action, type ActionRequest, type ActionResponse, type BaseRecord, type CurrentAdmin } from 'adminjs';
import type { z } from 'zod';
import type { Ctx } from '../../src/lib/context.js';
import { isAppError } from '../../src/lib/errors.js';
import { Components } from '../component-loader.js';
import { staffCtx } from '../context.js';
import type { ActionField } from './inputs.js';

/** A record's params as AdminJS holds them (flattened). */
export type RecordParams = Record<string, unknown>;

/** What the action form (admin/components/ActionForm.tsx) reads from `action.custom`. */
export interface ActionFormSpec {
  /** Message key of the explanation above the form (admin/locale.ts). */
  intro: string;
  fields: ActionField[];
  /** Bulk actions: how many records were selected is shown; each is run on its own. */
  bulk?: boolean;
}

/** Parses the posted form with `input`: the data, or the names of the fields that are missing or invalid. */
export function parseActionInput<S extends z.ZodType>(input: S, request: ActionRequest): { data: z.output<S> } | { invalid: string } {
  const parsed = input.safeParse(flat.unflatten(request.payload ?? {}));
  if (parsed.success) return { data: parsed.data };
  const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'input');
  return { invalid: `invalidActionInput: ${[...new Set(fields)].join(', ')}` };
}

/** An action running one domain operation: its icon, the explanation of its form, its input and the success notice. */
export interface OperationSpec<S extends z.ZodType> {
  icon: string;
  guard: string;
  /** Shown (and runnable) only when this holds for the record's params. */
  when?: (params: RecordParams) => boolean;
  input: S;
  /** What the form asks for (nothing beyond a confirmation when empty). */
  fields?: ActionField[];
  run: (id: number, input: z.output<S>, ctx: Ctx, params: RecordParams) => Promise<unknown>;
  done: string;
}

/**
 * A record action that runs one domain operation with staff input. It opens the action form, which
 * shows the explanation (`guard`) and the declared `fields`; GET answers with the record, POST
 * validates `request.payload` with `input` and runs the operation, which writes its own audit row.
 * Roles: ROLE_MATRIX[resource].actions[name] (applied by defineResource). A refusal of the operation
 * (conflict, validation, not found) comes back as an error notice, never a 500.
 */
export function operationAction<S extends z.ZodType>(opts: OperationSpec<S>): Partial<Action<ActionResponse>> {
  const applies = (params: RecordParams) => opts.when?.(params) ?? true;
  const custom: ActionFormSpec = { intro: opts.guard, fields: opts.fields ?? [] };
  return {
    actionType: 'record',
    component: Components.ActionForm,
    icon: opts.icon,
    custom,
    isVisible: ({ record }) => !!record && applies(record.params),
    handler: async (request, _response, { record, resource, currentAdmin }) => {
      if (!record) throw new Error('record action without a record');
      const shown = () => record.toJSON(currentAdmin);
      if (request.method !== 'post') return { record: shown() };
      if (!applies(record.params)) return { record: shown(), notice: { message: 'actionNotApplicable', type: 'error' } };
      const parsed = parseActionInput(opts.input, request);
      if ('invalid' in parsed) return { record: shown(), notice: { message: parsed.invalid, type: 'error' } };
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

/** Runs `run` for each record on its own: one refusal never stops the others. */
async function eachRecord(records: BaseRecord[], currentAdmin: CurrentAdmin | undefined, run: (record: BaseRecord, ctx: Ctx) => Promise<unknown>): Promise<{ done: number; failed: string[] }> {
  let done = 0;
  const failed: string[] = [];
  for (const record of records) {
    try {
      await run(record, staffCtx(currentAdmin));
      done += 1;
    } catch (err) {
      if (!isAppError(err)) throw err;
      failed.push(`#${String(record.id())}: ${err.message}`);
    }
  }
  return { done, failed };
}

/**
 * A bulk action: the same operation for every selected record that it applies to, with one input
 * for all. Each run audits itself; records it does not apply to are skipped and named in the notice.
 */
export function bulkOperationAction<S extends z.ZodType>(opts: OperationSpec<S>): Partial<Action<ActionResponse>> {
  const applies = (params: RecordParams) => opts.when?.(params) ?? true;
  const custom: ActionFormSpec = { intro: opts.guard, fields: opts.fields ?? [], bulk: true };
  return {
    actionType: 'bulk',
    component: Components.ActionForm,
    icon: opts.icon,
    custom,
    handler: async (request, _response, { records = [], resource, currentAdmin }) => {
      const shown = (list: BaseRecord[]) => list.map((r) => r.toJSON(currentAdmin));
      if (request.method !== 'post') return { records: shown(records) };
      const parsed = parseActionInput(opts.input, request);
      if ('invalid' in parsed) return { records: shown(records), notice: { message: parsed.invalid, type: 'error' } };
      const applicable = records.filter((r) => applies(r.params));
      const skipped = records.filter((r) => !applies(r.params)).map((r) => `#${String(r.id())}: not applicable`);
      const { done, failed } = await eachRecord(applicable, currentAdmin, (r, ctx) => opts.run(Number(r.id()), parsed.data, ctx, r.params));
      const fresh = await resource.findMany(records.map((r) => r.id()));
      const problems = [...skipped, ...failed];
      const message = problems.length ? `${done} of ${records.length} done. ${problems.join('; ')}`.slice(0, 1000) : opts.done;
      return { records: shown(fresh), notice: { message, type: problems.length && !done ? 'error' : 'success' } };
    },
  };
}
