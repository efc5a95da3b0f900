import type { DriverName, ProvisioningDriver } from '../provisioning/driver.js';
import { EnhanceDriver } from '../provisioning/enhance/driver.js';
import { ManualDriver } from '../provisioning/manual/driver.js';
import { PterodactylDriver } from '../provisioning/pterodactyl/driver.js';
import { SynergyCpDriver } from '../provisioning/synergycp/driver.js';
import { VirtFusionDriver } from '../provisioning/virtfusion/driver.js';
import type { PlanType, ServiceStatus } from '../models/enums.js';
import type { Service } from '../models/index.js';

/** What a driver class can do beyond the required calls (read from its prototype, no panel needed). */
const PROTOTYPES: Record<DriverName, Partial<ProvisioningDriver>> = {
  virtfusion: VirtFusionDriver.prototype,
  pterodactyl: PterodactylDriver.prototype,
  synergycp: SynergyCpDriver.prototype,
  enhance: EnhanceDriver.prototype,
  manual: ManualDriver.prototype,
};

/** Power buttons are offered on servers the customer runs an OS or a game on. */
const POWER_TYPES: readonly PlanType[] = ['vps', 'game'];

/** An OS template a plan offers for reinstalls. */
export interface OsTemplate {
  readonly id: string;
  readonly name: string;
}

/** The controls the service page shows, and why they are off when they are. */
export interface ServiceControls {
  readonly power: boolean;
  readonly reinstall: boolean;
  readonly resetPassword: boolean;
  readonly templates: OsTemplate[];
  /** True when the service is active on its panel: the controls above are enabled. */
  readonly enabled: boolean;
  /** Why the controls are disabled (shown next to them), or null. */
  readonly disabledReason: string | null;
  /** True when the panel can be asked for live usage figures. */
  readonly liveUsage: boolean;
}

const REASONS: Partial<Record<ServiceStatus, string>> = {
  pending: 'We are still setting this service up; these controls work once it is ready.',
  provisioning: 'We are still setting this service up; these controls work once it is ready.',
  manual: 'Our team is setting this service up by hand; these controls work once it is ready.',
  waitlisted: 'This service is on the waitlist; these controls work once it is set up.',
  failed: 'Setting this service up has not finished; our team has been told.',
  suspended: 'This service is suspended; pay the open invoice to use these controls again.',
  terminated: 'This service has been removed.',
};

/** The OS templates of a plan's panel mapping (`osTemplates`: ids, or `{id, name}`). */
export function planTemplates(panelConfig: Record<string, unknown> | null | undefined): OsTemplate[] {
  const list = panelConfig?.osTemplates;
  if (!Array.isArray(list)) return [];
  return list.flatMap((t: unknown): OsTemplate[] => {
    if (t && typeof t === 'object' && 'id' in t) {
      const { id, name } = t as { id: unknown; name?: unknown };
      return [{ id: String(id), name: typeof name === 'string' && name ? name : `Template ${String(id)}` }];
    }
    return typeof t === 'string' || typeof t === 'number' ? [{ id: String(t), name: typeof t === 'string' ? t : `Template ${t}` }] : [];
  });
}

/** Which service controls the portal offers for `service` (its subscription and plan loaded). */
export function serviceControls(service: Service): ServiceControls {
  const driver = PROTOTYPES[service.driver] ?? {};
  const onPanel = Boolean(service.externalId) && service.driver !== 'manual';
  const templates = planTemplates(service.subscription?.plan?.panelConfig as Record<string, unknown> | null | undefined);
  const enabled = service.status === 'active' && onPanel;
  // NOTE: offered by what the panel can do, shown disabled (with the reason) until the service is active on it.
  const live = service.status !== 'terminated';
  return {
    power: live && POWER_TYPES.includes(service.serviceType) && typeof driver.power === 'function',
    // NOTE: a VPS reinstall needs a template to choose; a game server reinstalls its own image.
    reinstall: live && typeof driver.reinstall === 'function' && (service.serviceType !== 'vps' || templates.length > 0),
    resetPassword: live && typeof driver.resetPassword === 'function',
    templates,
    enabled,
    disabledReason: enabled ? null : (REASONS[service.status as ServiceStatus] ?? (onPanel ? 'These controls are not available for this service right now.' : 'This service is not on its control panel yet; these controls work once it is ready.')),
    liveUsage: onPanel && ['active', 'suspended'].includes(service.status),
  };
}
