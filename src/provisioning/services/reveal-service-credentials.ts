import { recordAudit } from '../../audit/record-audit.js';
import type { Ctx } from '../../lib/context.js';
import type { ProvisionCredentials } from '../driver.js';
import { openCredentials } from '../orchestration/credentials.js';
import { loadServiceFor } from './service-access.js';

/** Decrypts a service's stored login details for its owner or staff; every reveal is in the audit log (never the values). */
export async function revealServiceCredentials(serviceId: number, ctx: Ctx): Promise<ProvisionCredentials | null> {
  const { service } = await loadServiceFor(serviceId, ctx, { customers: true, secrets: true });
  const credentials = openCredentials(service.credentialsEnc);
  await recordAudit(
    { action: 'service.credentials_revealed', entityType: 'service', entityId: service.id, before: null, after: { revealed: credentials !== null } },
    ctx,
  );
  return credentials;
}
