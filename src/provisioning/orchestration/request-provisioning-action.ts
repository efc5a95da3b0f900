import { Op } from 'sequelize';
import { forUpdate, inTransaction, isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { ProvisioningTask, Service } from '../../models/index.js';
import type { ProvisioningAction } from '../../models/enums.js';

/** The actions the orchestrator carries to the panels through tasks. */
export const TASK_ACTIONS = ['create', 'suspend', 'unsuspend', 'terminate', 'change_plan'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface ProvisioningActionInput {
  /** Why (shown to staff, used as the suspension reason). */
  reason?: string | null;
  /** users.id of the person who asked; null for billing and jobs. */
  requestedBy?: number | null;
  /** The business cause (invoice id, ticket id ...): the same cause twice is one task. Defaults to the request id. */
  causeId?: string | number | null;
  payload?: Record<string, unknown> | null;
  maxAttempts?: number;
}

export interface ProvisioningActionOutcome {
  task: ProvisioningTask;
  /** False when an existing task was returned (a duplicate request is a no-op). */
  created: boolean;
}

/** The idempotency key of a request: `create:<service>`, `terminate:<service>`, `suspend:<service>:<cause>`, `change_plan:<service>:<cause>`. */
export function provisioningTaskKey(serviceId: number, action: TaskAction, cause: string | number): string {
  return action === 'create' || action === 'terminate' ? `${action}:${serviceId}` : `${action}:${serviceId}:${String(cause).slice(0, 120)}`;
}

/** Queues a panel action for a service in the caller's transaction; a duplicate returns the existing task. */
export async function requestProvisioningAction(
  serviceId: number,
  action: TaskAction,
  input: ProvisioningActionInput,
  ctx: Ctx,
): Promise<ProvisioningActionOutcome> {
  if (!(TASK_ACTIONS as readonly string[]).includes(action)) {
    throw new ValidationError('provisioning_action_invalid', `"${String(action)}" is not a provisioning task action`);
  }
  return inTransaction(ctx, async (transaction) => {
    // NOTE: the row lock queues concurrent requests for one service, so "latest unfinished task" below is stable.
    const service = await Service.findByPk(serviceId, { paranoid: false, ...forUpdate(transaction) });
    if (!service) throw new NotFoundError('service_not_found', `Service ${serviceId} not found`);
    const idempotencyKey = provisioningTaskKey(serviceId, action, input.causeId ?? ctx.requestId);
    const byKey = await ProvisioningTask.findOne({ where: { idempotencyKey }, transaction });
    if (byKey) return { task: byKey, created: false };
    if (service.status === 'terminated') throw new ConflictError('service_terminated', `Service ${serviceId} is terminated`);

    // The same action still waiting at the end of the queue is the same request (double click, second reminder run).
    const latest = await ProvisioningTask.findOne({
      where: { serviceId, status: { [Op.in]: ['pending', 'running'] } },
      order: [['id', 'DESC']],
      transaction,
    });
    if (latest && latest.action === action) return { task: latest, created: false };

    if (action === 'terminate') {
      // NOTE: termination supersedes whatever still waits (a retrying create, a queued suspension); running work finishes first.
      await ProvisioningTask.update(
        { status: 'cancelled', finishedAt: ctx.now, lastError: 'Superseded by termination' },
        { where: { serviceId, status: 'pending', action: { [Op.ne]: 'terminate' as ProvisioningAction } }, transaction },
      );
    }
    try {
      const task = await ProvisioningTask.create(
        {
          serviceId,
          action,
          status: 'pending',
          payload: input.payload ?? null,
          attempts: 0,
          ...(input.maxAttempts ? { maxAttempts: input.maxAttempts } : {}),
          nextAttemptAt: ctx.now,
          reason: input.reason ? input.reason.slice(0, 255) : null,
          requestedBy: input.requestedBy ?? null,
          idempotencyKey,
        },
        { transaction },
      );
      return { task, created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const winner = await ProvisioningTask.findOne({ where: { idempotencyKey }, ...forUpdate(transaction) });
      if (!winner) throw err;
      return { task: winner, created: false };
    }
  });
}
