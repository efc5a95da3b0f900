import { recordAudit } from '../../audit/record-audit.js';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import type { PowerAction } from '../driver.js';
import { callServiceDriver, loadServiceFor, requireStatus } from './service-access.js';

const ACTIONS: readonly PowerAction[] = ['boot', 'shutdown', 'restart'];

/** Boots, shuts down or restarts an active service on its panel right away (customers: their own services only). */
export async function powerAction(serviceId: number, action: PowerAction, ctx: Ctx): Promise<void> {
  if (!ACTIONS.includes(action)) throw new ValidationError('power_action_invalid', `"${String(action)}" is not a power action`);
  const subject = await loadServiceFor(serviceId, ctx, { customers: true });
  requireStatus(subject, ['active']);
  await callServiceDriver(
    subject,
    'power',
    async (driver, ref) => {
      if (!driver.power) throw new ValidationError('power_not_supported', `${driver.name} services have no power control`);
      await driver.power(ref, action);
    },
    ctx,
  );
  await recordAudit({ action: 'service.power_sent', entityType: 'service', entityId: serviceId, before: null, after: { action } }, ctx);
}
