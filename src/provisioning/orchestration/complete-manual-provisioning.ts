import { z } from 'zod';
import { recordAudit } from '../../audit/record-audit.js';
import { inTransaction } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../lib/errors.js';
import type { Service } from '../../models/index.js';
import { hasCredentials, sealCredentials } from './credentials.js';
import { notifyServiceCustomer } from './notify-customer.js';
import { loadServiceSubject } from './service-subject.js';
import { closeWaitlistEntry, validIps } from './task-state.js';

/** What staff enter after setting a service up by hand. */
export const manualProvisioningDetails = z
  .object({
    externalId: z.string().trim().min(1).max(100).optional(),
    hostname: z.string().trim().min(1).max(255).optional(),
    domain: z.string().trim().min(1).max(255).optional(),
    ipAddresses: z.array(z.string().trim()).max(64).optional(),
    username: z.string().min(1).max(191).optional(),
    password: z.string().min(1).max(500).optional(),
    panelUrl: z.url().max(500).optional(),
  })
  .strict();
export type ManualProvisioningDetails = z.infer<typeof manualProvisioningDetails>;

/** Staff finish a manual-driver service: its details (credentials encrypted) are saved, it goes active and the welcome mail is written. */
export async function completeManualProvisioning(serviceId: number, details: ManualProvisioningDetails, ctx: Ctx): Promise<Service> {
  if (ctx.actor.type !== 'staff' && ctx.actor.type !== 'system') throw new ForbiddenError('staff_only', 'Only staff can complete a manual setup');
  const parsed = manualProvisioningDetails.safeParse(details);
  if (!parsed.success) throw new ValidationError('manual_details_invalid', 'The service details are not valid', { issues: parsed.error.issues });
  const input = parsed.data;
  const ips = input.ipAddresses ?? [];
  if (validIps(ips).length !== ips.length) throw new ValidationError('ip_address_invalid', 'Every IP address must be a valid IPv4 or IPv6 address');

  return inTransaction(ctx, async (transaction) => {
    const tctx = { ...ctx, transaction };
    const subject = await loadServiceSubject(serviceId, { transaction, secrets: true });
    const { service } = subject;
    if (service.status !== 'manual') throw new ConflictError('service_not_awaiting_manual_setup', `Service ${serviceId} is ${service.status}, not awaiting a manual setup`);
    const before = service.get({ plain: true });
    const credentials = { username: input.username, password: input.password };
    await service.update(
      {
        status: 'active',
        externalId: input.externalId ?? service.externalId,
        hostname: input.hostname ?? service.hostname,
        domain: input.domain ?? service.domain,
        ...(ips.length > 0 ? { primaryIp: ips[0], ipAddresses: ips } : {}),
        ...(input.panelUrl ? { panelData: { ...(service.panelData ?? {}), panelUrl: input.panelUrl } } : {}),
        ...(hasCredentials(credentials) ? { credentialsEnc: sealCredentials(credentials) } : {}),
        provisionedAt: ctx.now,
        lastError: null,
      },
      { transaction },
    );
    await closeWaitlistEntry(subject, 'fulfilled', ctx.now, transaction);
    await notifyServiceCustomer(subject, 'provisioned', { key: `service:${service.id}`, credentials: hasCredentials(credentials) ? credentials : null }, tctx);
    await recordAudit({ action: 'service.provisioned', entityType: 'service', entityId: service.id, before, after: service.get({ plain: true }), reason: 'Set up by hand' }, tctx);
    return service;
  });
}
