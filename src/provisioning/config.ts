import { ProvisioningError } from '../lib/errors.js';
import { getSetting } from '../settings/index.js';
import type { DriverName, ProvisioningDriver } from './driver.js';
import type { AttemptLog } from './http.js';
import { driverFor, type DriverDepsMap } from './registry.js';

/** What the caller adds to a panel's settings: the attempt log sink and, optionally, a shorter timeout. */
export interface DriverOptions {
  onAttempt?: (log: AttemptLog) => void;
  timeoutMs?: number;
}

function required(panel: DriverName, what: string, value: string | null): string {
  if (value) return value;
  // NOTE: not retryable: nothing changes until staff fill in System configuration (or the environment).
  throw new ProvisioningError('panel_not_configured', `${panel}: ${what} is not configured`, { retryable: false });
}

/** The connection deps of a panel from settings (`panels.*`, defaulting to VIRTFUSION_URL/TOKEN and friends). */
export async function driverDepsFor<N extends DriverName>(name: N, opts: DriverOptions = {}): Promise<DriverDepsMap[N]> {
  const common = { onAttempt: opts.onAttempt, timeoutMs: opts.timeoutMs };
  const deps: { [K in DriverName]: () => Promise<DriverDepsMap[K]> } = {
    virtfusion: async () => ({
      ...common,
      baseUrl: required('virtfusion', 'the URL', await getSetting('panels.virtfusion.url')),
      token: required('virtfusion', 'the API token', await getSetting('panels.virtfusion.token')),
    }),
    pterodactyl: async () => ({
      ...common,
      baseUrl: required('pterodactyl', 'the URL', await getSetting('panels.pterodactyl.url')),
      appKey: required('pterodactyl', 'the application API key', await getSetting('panels.pterodactyl.app_key')),
      clientKey: (await getSetting('panels.pterodactyl.client_key')) ?? undefined,
    }),
    synergycp: async () => ({
      ...common,
      baseUrl: required('synergycp', 'the URL', await getSetting('panels.synergycp.url')),
      apiKey: required('synergycp', 'the API key', await getSetting('panels.synergycp.key')),
    }),
    enhance: async () => ({
      ...common,
      baseUrl: required('enhance', 'the URL', await getSetting('panels.enhance.url')),
      token: required('enhance', 'the API token', await getSetting('panels.enhance.token')),
      orgId: required('enhance', 'the organisation id', await getSetting('panels.enhance.org_id')),
    }),
    manual: async () => ({}),
  };
  const build = deps[name] as (() => Promise<DriverDepsMap[N]>) | undefined;
  if (!build) throw new ProvisioningError('unknown_driver', `No provisioning driver named "${String(name)}"`, { retryable: false });
  return build();
}

/** The driver of a panel, built from the current settings. */
export async function buildDriver(name: DriverName, opts: DriverOptions = {}): Promise<ProvisioningDriver> {
  return driverFor(name, await driverDepsFor(name, opts));
}
