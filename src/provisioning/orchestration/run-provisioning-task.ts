import type { Ctx } from '../../lib/context.js';
import { ProvisioningError } from '../../lib/errors.js';
import { ProvisioningTask } from '../../models/index.js';
import { buildDriver } from '../config.js';
import type { ServiceRef } from '../driver.js';
import { applyTaskOutcome, type PanelOutcome } from './apply-task-outcome.js';
import { AttemptRecorder } from './attempt-logs.js';
import { withCreateSlot } from './panel-slots.js';
import { recordTaskFailure, type FailureOutcome } from './record-task-failure.js';
import { loadServiceSubject, provisionRequestFor, type ServiceSubject } from './service-subject.js';

export type TaskRunOutcome = 'succeeded' | FailureOutcome | 'not_claimed';

/** Calls the panel for one task; nothing is written here (the recorder collects the HTTP attempts). */
async function performOnPanel(task: ProvisioningTask, subject: ServiceSubject, recorder: AttemptRecorder): Promise<PanelOutcome> {
  const { service } = subject;
  if (task.action === 'create') {
    if (service.status === 'terminated') return { kind: 'skipped', why: 'terminated' };
    if (service.status === 'active' && service.externalId) return { kind: 'skipped', why: 'already_active' };
    const driver = await buildDriver(service.driver, { onAttempt: recorder.onAttempt });
    // NOTE: create() first adopts a resource carrying our reference, so a retry after a crash never makes a second one.
    const request = await provisionRequestFor(subject);
    const result = await withCreateSlot(service.driver, () => driver.create(request));
    if (result.status === 'failed') throw new ProvisioningError('panel_build_failed', `${service.driver}: the panel reports the build of ${result.externalId} as failed`, { retryable: false });
    return { kind: 'created', result };
  }
  if (task.action === 'change_plan') return changePlanOnPanel(subject, recorder);
  if (task.action !== 'suspend' && task.action !== 'unsuspend' && task.action !== 'terminate') {
    throw new ProvisioningError('provisioning_action_unsupported', `Tasks cannot ${task.action} yet`, { retryable: false });
  }
  // NOTE: a service never provisioned has nothing to suspend; a second suspension (another invoice) changes nothing.
  if (task.action === 'suspend' && service.status !== 'active') return { kind: 'skipped', why: `service_${service.status}` };
  if (task.action === 'unsuspend' && service.status !== 'suspended') return { kind: 'skipped', why: `service_${service.status}` };
  if (service.status === 'terminated') return { kind: 'skipped', why: 'already_terminated' };
  const driver = await buildDriver(service.driver, { onAttempt: recorder.onAttempt });
  let ref: ServiceRef | null = service.externalId ? { externalId: service.externalId, reference: service.reference } : null;
  if (!ref && task.action === 'terminate') {
    // A create that crashed after the panel made the resource left no id here: find it by our reference.
    const found = await driver.findExisting(await provisionRequestFor(subject));
    if (found) ref = { externalId: found.externalId, reference: service.reference };
  }
  if (!ref) return { kind: 'skipped', why: 'not_provisioned' };
  await driver[task.action](ref);
  return { kind: 'done', externalId: ref.externalId };
}

/** Applies the subscription's current plan and options to the panel resource; a panel that cannot resize (or not all of it) becomes a manual step. */
async function changePlanOnPanel(subject: ServiceSubject, recorder: AttemptRecorder): Promise<PanelOutcome> {
  const { service, plan } = subject;
  // NOTE: a service not yet on its panel needs nothing: its create reads the plan as it is when it runs.
  if (service.status !== 'active' && service.status !== 'suspended') return { kind: 'skipped', why: `service_${service.status}` };
  if (!service.externalId) return { kind: 'skipped', why: 'not_provisioned' };
  // NOTE: a plan on another panel is a migration to a new resource, never an in-place resize.
  if (plan.driver !== service.driver) return { kind: 'manual', why: `moves_to_${plan.driver}` };
  const driver = await buildDriver(service.driver, { onAttempt: recorder.onAttempt });
  if (!driver.changePlan) return { kind: 'manual', why: 'not_resizable' };
  const leftover = await driver.changePlan({ externalId: service.externalId, reference: service.reference }, await provisionRequestFor(subject));
  return { kind: 'done', externalId: service.externalId, ...(leftover ? { byHand: leftover.byHand } : {}) };
}

/** Runs one claimed task (an id, or the row the claim returned; its subject when the batch loaded it) end to end: panel call, attempt logs, then its effects or its failure handling. */
export async function runProvisioningTask(claimed: number | ProvisioningTask, token: string, ctx: Ctx, preloaded?: ServiceSubject): Promise<TaskRunOutcome> {
  const task = typeof claimed === 'number' ? await ProvisioningTask.findByPk(claimed) : claimed;
  if (!task || task.status !== 'running' || task.claimedBy !== token) return 'not_claimed';
  // NOTE: a subject loaded with the claimed batch is current: the claim holds one task per service and ran before it.
  let subject = preloaded?.service.id === task.serviceId ? preloaded : await loadServiceSubject(task.serviceId);
  const recorder = new AttemptRecorder({ serviceId: task.serviceId, taskId: task.id, driver: subject.service.driver, action: task.action });
  let outcome: PanelOutcome;
  try {
    outcome = await performOnPanel(task, subject, recorder);
  } catch (err) {
    return recordTaskFailure(task, subject, err, recorder, token, ctx);
  }
  try {
    await applyTaskOutcome(task, subject, outcome, recorder, token, ctx);
    return 'succeeded';
  } catch (err) {
    // The panel did its part but we could not record it: retrying adopts the resource by reference (fresh rows, not the half-changed ones).
    subject = await loadServiceSubject(task.serviceId);
    return recordTaskFailure(task, subject, err, recorder, token, ctx);
  }
}
