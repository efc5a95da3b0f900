import { ProvisioningError } from '../lib/errors.js';
import type { DriverName, ProvisioningDriver } from './driver.js';
import { EnhanceDriver } from './enhance/driver.js';
import type { EnhanceDeps } from './enhance/client.js';
import { ManualDriver } from './manual/driver.js';
import { PterodactylDriver } from './pterodactyl/driver.js';
import type { PterodactylDeps } from './pterodactyl/client.js';
import { SynergyCpDriver } from './synergycp/driver.js';
import type { SynergyCpDeps } from './synergycp/client.js';
import { VirtFusionDriver } from './virtfusion/driver.js';
import type { VirtFusionDeps } from './virtfusion/client.js';

/** The deps each driver takes; the caller fills them from configuration. */
export interface DriverDepsMap {
  virtfusion: VirtFusionDeps;
  pterodactyl: PterodactylDeps;
  synergycp: SynergyCpDeps;
  enhance: EnhanceDeps;
  manual: Record<string, never>;
}

/** One factory per panel. */
export const driverFactories: { [N in DriverName]: (deps: DriverDepsMap[N]) => ProvisioningDriver } = {
  virtfusion: (deps) => new VirtFusionDriver(deps),
  pterodactyl: (deps) => new PterodactylDriver(deps),
  synergycp: (deps) => new SynergyCpDriver(deps),
  enhance: (deps) => new EnhanceDriver(deps),
  manual: () => new ManualDriver(),
};

/** True when `name` is one of our drivers (e.g. a plan's `provisioning_driver` column). */
export function isDriverName(name: string): name is DriverName {
  return Object.hasOwn(driverFactories, name);
}

/** The driver for a panel, built from its deps; an unknown name is a non-retryable configuration error. */
export function driverFor<N extends DriverName>(name: N, deps: DriverDepsMap[N]): ProvisioningDriver {
  if (!isDriverName(name)) throw new ProvisioningError('unknown_driver', `No provisioning driver named "${String(name)}"`, { retryable: false });
  const factory = driverFactories[name] as (d: DriverDepsMap[N]) => ProvisioningDriver;
  return factory(deps);
}
