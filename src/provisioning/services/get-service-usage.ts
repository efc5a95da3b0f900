import type { Ctx } from '../../lib/context.js';
import type { UsageReport } from '../driver.js';
import { callServiceDriver, loadServiceFor, requireStatus } from './service-access.js';

/** The panel's live usage figures of a service (CPU, memory, disk, traffic; null where the panel has none). */
export async function getServiceUsage(serviceId: number, ctx: Ctx): Promise<UsageReport> {
  const subject = await loadServiceFor(serviceId, ctx, { customers: true });
  requireStatus(subject, ['active', 'suspended']);
  return callServiceDriver(subject, 'usage', (driver, ref) => driver.usage(ref), ctx);
}
