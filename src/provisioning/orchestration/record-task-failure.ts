import type { Ctx } from '../../lib/context.js';
import type { ProvisioningTask } from '../../models/index.js';
import { alertStaff } from './alert-staff.js';
import type { AttemptRecorder } from './attempt-logs.js';
import type { ServiceSubject } from './service-subject.js';
import { alertKey, backoffMs, describeError, ensureWaitlistEntry, settleTask } from './task-state.js';
import { writeTransaction } from './write-transaction.js';

export type FailureOutcome = 'retrying' | 'failed' | 'waitlisted' | 'lost';

/**
 * Records a failed attempt: a retryable error backs off (1, 2, 5, 10, 30 min) until `max_attempts`; then, or at once for
 * a non-retryable error, the task fails and staff are alerted. A failing create keeps the service "setting up"
 * (`provisioning`) for the customer; no free hardware (`no_inventory`) puts it on the waitlist instead.
 */
export async function recordTaskFailure(
  task: ProvisioningTask,
  subject: ServiceSubject,
  err: unknown,
  recorder: AttemptRecorder,
  token: string,
  ctx: Ctx,
): Promise<FailureOutcome> {
  const info = describeError(err);
  const { service, plan } = subject;
  const creating = task.action === 'create';
  const lastError = `${info.code}: ${info.message}`;
  const outcome = await writeTransaction(async (transaction): Promise<FailureOutcome> => {
    const tctx = { ...ctx, transaction };
    // NOTE: the attempts are logged even when the claim was lost: they did reach the panel.
    await recorder.write(ctx.now, transaction);

    if (creating && info.code === 'no_inventory') {
      if (!(await settleTask(task, token, { status: 'failed', lastError }, ctx.now, transaction))) return 'lost';
      await service.update({ status: 'waitlisted', lastError, nextAttemptAt: null, provisionAttempts: task.attempts }, { transaction });
      const entry = await ensureWaitlistEntry(subject, transaction);
      await alertStaff(
        {
          kind: 'provisioning.waitlisted',
          dedupeKey: alertKey('provisioning-waitlisted', task),
          title: `No stock for ${plan.name}: ${service.reference} is waitlisted`,
          body: `${lastError}\nWaitlist entry #${entry.id}. Add matching hardware, then retry provisioning of service #${service.id}.`,
          service,
          taskId: task.id,
        },
        tctx,
      );
      return 'waitlisted';
    }

    if (info.retryable && task.attempts < task.maxAttempts) {
      const nextAttemptAt = new Date(ctx.now.getTime() + backoffMs(task.attempts));
      if (!(await settleTask(task, token, { status: 'pending', nextAttemptAt, lastError }, ctx.now, transaction))) return 'lost';
      if (creating) await service.update({ status: 'provisioning', lastError, nextAttemptAt, provisionAttempts: task.attempts }, { transaction });
      return 'retrying';
    }

    if (!(await settleTask(task, token, { status: 'failed', lastError }, ctx.now, transaction))) return 'lost';
    // NOTE: the customer keeps seeing "setting up" while staff fix it; the failed task and the alert carry the error.
    if (creating) await service.update({ status: 'provisioning', lastError, nextAttemptAt: null, provisionAttempts: task.attempts }, { transaction });
    else await service.update({ lastError }, { transaction });
    await alertStaff(
      {
        kind: 'provisioning.failed',
        dedupeKey: alertKey('provisioning-failed', task),
        title: `Provisioning ${task.action} failed for ${service.reference} (${plan.name})`,
        body: `${lastError}\nAfter ${task.attempts} attempt(s)${info.retryable ? '' : ' (not retryable)'}. Fix the cause, then retry service #${service.id}.`,
        service,
        taskId: task.id,
      },
      tctx,
    );
    return 'failed';
  });
  recorder.clear();
  return outcome;
}
