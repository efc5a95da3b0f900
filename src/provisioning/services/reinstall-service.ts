import { recordAudit } from '../../audit/record-audit.js';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { callServiceDriver, loadServiceFor, requireStatus } from './service-access.js';

/** The OS template ids a plan offers (`panel_config.osTemplates`); empty when the plan does not restrict them. */
function offeredTemplates(panelConfig: Record<string, unknown> | null): string[] {
  const list = panelConfig?.osTemplates;
  if (!Array.isArray(list)) return [];
  return list.map((t: unknown) => (t && typeof t === 'object' && 'id' in t ? String((t as { id: unknown }).id) : String(t)));
}

/** Reinstalls an active service with an OS template its plan offers (wipes its disk; customers: their own services). */
export async function reinstallService(serviceId: number, input: { osTemplate: string }, ctx: Ctx): Promise<void> {
  const subject = await loadServiceFor(serviceId, ctx, { customers: true });
  requireStatus(subject, ['active']);
  const osTemplate = String(input.osTemplate ?? '').trim();
  const offered = offeredTemplates(subject.plan.panelConfig);
  if (!osTemplate || (offered.length > 0 && !offered.includes(osTemplate))) {
    throw new ValidationError('os_template_invalid', 'Choose one of the operating systems this plan offers', { offered });
  }
  await callServiceDriver(
    subject,
    'reinstall',
    async (driver, ref) => {
      if (!driver.reinstall) throw new ValidationError('reinstall_not_supported', `${driver.name} services cannot be reinstalled from here`);
      await driver.reinstall(ref, osTemplate);
    },
    ctx,
  );
  await recordAudit({ action: 'service.reinstalled', entityType: 'service', entityId: serviceId, before: null, after: { osTemplate } }, ctx);
}
