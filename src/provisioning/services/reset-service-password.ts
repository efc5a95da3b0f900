import { recordAudit } from '../../audit/record-audit.js';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import type { ProvisionCredentials } from '../driver.js';
import { openCredentials, sealCredentials } from '../orchestration/credentials.js';
import { callServiceDriver, loadServiceFor, requireStatus } from './service-access.js';

/** Resets the service's login on its panel and stores the new credentials encrypted; returns them once to show the caller. */
export async function resetServicePassword(serviceId: number, ctx: Ctx): Promise<ProvisionCredentials> {
  const subject = await loadServiceFor(serviceId, ctx, { customers: true, secrets: true });
  requireStatus(subject, ['active']);
  const fresh = await callServiceDriver(
    subject,
    'reset_password',
    async (driver, ref) => {
      if (!driver.resetPassword) throw new ValidationError('password_reset_not_supported', `${driver.name} services cannot reset their password from here`);
      return driver.resetPassword(ref);
    },
    ctx,
  );
  const credentials = { ...(openCredentials(subject.service.credentialsEnc) ?? {}), ...fresh };
  await subject.service.update({ credentialsEnc: sealCredentials(credentials) }, { transaction: ctx.transaction });
  await recordAudit({ action: 'service.password_reset', entityType: 'service', entityId: serviceId, before: null, after: { username: credentials.username ?? null } }, ctx);
  return credentials;
}
