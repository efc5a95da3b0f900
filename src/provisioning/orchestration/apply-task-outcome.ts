import { recordAudit } from '../../audit/record-audit.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError } from '../../lib/errors.js';
import type { ProvisioningTask, Service } from '../../models/index.js';
import type { ProvisionResult } from '../driver.js';
import { alertStaff } from './alert-staff.js';
import { hasCredentials, sealCredentials } from './credentials.js';
import { noticeSentByCause, notifyServiceCustomer, type ServiceNotice } from './notify-customer.js';
import type { ServiceSubject } from './service-subject.js';
import type { AttemptRecorder } from './attempt-logs.js';
import { closeWaitlistEntry, settleTask, validIps, wasWaitlisted } from './task-state.js';
import { writeTransaction } from './write-transaction.js';

/** What the panel call came to. */
export type PanelOutcome =
  | { kind: 'created'; result: ProvisionResult }
  /** `byHand`: what is left for staff of a plan change the panel made only in part. */
  | { kind: 'done'; externalId: string; byHand?: string }
  | { kind: 'skipped'; why: string }
  /** The panel cannot do it: staff are asked to do it by hand. */
  | { kind: 'manual'; why: string };

const TRACKED = ['status', 'externalId', 'hostname', 'primaryIp', 'provisionedAt', 'suspendedAt', 'suspensionReason', 'terminatedAt', 'panelData'] as const;
const snapshot = (service: Service): Record<string, unknown> => Object.fromEntries(TRACKED.map((k) => [k, service.get(k)]));

/** Writes a successful task's effects in one transaction: attempt logs, the service row, the customer's mail and notification, staff alerts, audit. */
export async function applyTaskOutcome(
  task: ProvisioningTask,
  subject: ServiceSubject,
  outcome: PanelOutcome,
  recorder: AttemptRecorder,
  token: string,
  ctx: Ctx,
): Promise<void> {
  const { service } = subject;
  await writeTransaction(async (transaction) => {
    const tctx = { ...ctx, transaction };
    await recorder.write(ctx.now, transaction);
    const result =
      outcome.kind === 'skipped' ? { skipped: outcome.why }
      : outcome.kind === 'manual' ? { manual: outcome.why }
      : outcome.kind === 'created' ? { externalId: outcome.result.externalId }
      : { externalId: outcome.externalId, ...(outcome.byHand ? { byHand: outcome.byHand } : {}) };
    if (!(await settleTask(task, token, { status: 'succeeded', lastError: null, result }, ctx.now, transaction))) {
      throw new ConflictError('provisioning_task_claim_lost', `Task ${task.id} was taken over by another worker`);
    }
    const before = snapshot(service);
    const notice = await applyToService(task, subject, outcome, tctx);
    const after = snapshot(service);
    // NOTE: a suspension or termination for an unpaid invoice is announced by dunning's own mail (the invoice, its pay link, every service).
    if (notice && !noticeSentByCause(task)) {
      await notifyServiceCustomer(
        subject,
        notice,
        {
          key: notice === 'provisioned' ? `service:${service.id}` : `task:${task.id}`,
          credentials: notice === 'provisioned' && outcome.kind === 'created' ? outcome.result.credentials : null,
          reason: notice === 'suspended' || notice === 'terminated' ? task.reason : null,
        },
        tctx,
      );
    }
    if (before.status !== after.status || outcome.kind !== 'skipped') {
      const action = notice ? `service.${notice}`
        : outcome.kind === 'manual' ? `service.${task.action}_left_to_staff`
        : service.status === 'manual' ? 'service.awaiting_manual_setup' : `service.${task.action}_completed`;
      await recordAudit({ action, entityType: 'service', entityId: service.id, before, after, reason: task.reason }, tctx);
    }
  });
  recorder.clear();
}

async function applyToService(task: ProvisioningTask, subject: ServiceSubject, outcome: PanelOutcome, ctx: Ctx & { transaction: NonNullable<Ctx['transaction']> }): Promise<ServiceNotice | null> {
  const { service } = subject;
  const { transaction, now } = ctx;
  const waitlisted = wasWaitlisted(subject);
  const common = { lastError: null, nextAttemptAt: null };
  if (outcome.kind === 'created') {
    const { result } = outcome;
    const ips = validIps(result.ipAddresses);
    const manual = result.status === 'pending_manual';
    await service.update(
      {
        ...common,
        externalId: result.externalId,
        status: manual ? 'manual' : 'active',
        hostname: result.hostname ?? service.hostname,
        ...(ips.length > 0 ? { primaryIp: ips[0], ipAddresses: ips } : {}),
        panelData: { ...result.raw, panelUrl: result.panelUrl },
        ...(hasCredentials(result.credentials) ? { credentialsEnc: sealCredentials(result.credentials) } : {}),
        ...(manual ? {} : { provisionedAt: now }),
        provisionAttempts: task.attempts,
      },
      { transaction },
    );
    if (manual) {
      await alertStaff(
        {
          kind: 'provisioning.manual',
          dedupeKey: `provisioning-manual:${service.id}`,
          title: `Manual setup needed: ${subject.plan.name} for ${service.reference}`,
          body: `Set up service #${service.id} by hand, then enter its details (IPs, credentials) in the back office.`,
          service,
          taskId: task.id,
        },
        ctx,
      );
      return null;
    }
    if (waitlisted) await closeWaitlistEntry(subject, 'fulfilled', now, transaction);
    return 'provisioned';
  }
  if (task.action === 'change_plan') {
    await applyPlanChange(task, subject, outcome, ctx);
    return null;
  }
  if (outcome.kind === 'skipped' && task.action !== 'terminate') return null;
  switch (task.action) {
    case 'suspend':
      await service.update({ ...common, status: 'suspended', suspendedAt: now, suspensionReason: (task.reason ?? 'Suspended').slice(0, 255) }, { transaction });
      return 'suspended';
    case 'unsuspend':
      await service.update({ ...common, status: 'active', suspendedAt: null, suspensionReason: null }, { transaction });
      return 'unsuspended';
    case 'terminate': {
      const wasOnPanel = outcome.kind === 'done';
      await service.update(
        { ...common, status: 'terminated', terminatedAt: now, credentialsEnc: null, ...(wasOnPanel ? { externalId: outcome.externalId } : {}) },
        { transaction },
      );
      if (waitlisted) await closeWaitlistEntry(subject, 'cancelled', now, transaction);
      return wasOnPanel ? 'terminated' : null;
    }
    default:
      return null;
  }
}

/** A plan change on the panel: the plan now applied is noted on the service; one the panel cannot do goes to staff. */
async function applyPlanChange(task: ProvisioningTask, subject: ServiceSubject, outcome: PanelOutcome, ctx: Ctx & { transaction: NonNullable<Ctx['transaction']> }): Promise<void> {
  const { service, plan } = subject;
  if (outcome.kind === 'done') {
    await service.update({ lastError: null, panelData: { ...(service.panelData ?? {}), appliedPlanId: plan.id } }, { transaction: ctx.transaction });
    if (!outcome.byHand) return;
    await alertStaff(
      {
        kind: 'provisioning.manual',
        dedupeKey: `provisioning-change-plan:${task.id}`,
        title: `Finish by hand: ${service.reference} on ${plan.name}`,
        body: `The ${service.driver} panel applied the change to plan "${plan.name}" except one part its API cannot do: ${outcome.byHand}. Do it on service #${service.id} by hand.`,
        service,
        taskId: task.id,
      },
      ctx,
    );
    return;
  }
  if (outcome.kind !== 'manual') return;
  await alertStaff(
    {
      kind: 'provisioning.manual',
      dedupeKey: `provisioning-change-plan:${task.id}`,
      title: `Change by hand: ${service.reference} is now on ${plan.name}`,
      body:
        `The ${service.driver} panel cannot apply this plan change itself (${outcome.why.replace(/_/g, ' ')}). ` +
        `Bring service #${service.id} to plan "${plan.name}" and its options by hand.`,
      service,
      taskId: task.id,
    },
    ctx,
  );
}
