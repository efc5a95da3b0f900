import { expect } from 'chai';
import { ProvisioningError } from '../../../src/lib/errors.js';
import { driverFor, isDriverName, type DriverDepsMap } from '../../../src/provisioning/registry.js';
import type { DriverName } from '../../../src/provisioning/driver.js';

describe('provisioning driver registry', () => {
  const deps: DriverDepsMap = {
    virtfusion: { baseUrl: 'https://vf.test/api/v1', token: 't' },
    pterodactyl: { baseUrl: 'https://panel.test', appKey: 'ptla_x', clientKey: 'ptlc_x' },
    synergycp: { baseUrl: 'https://api.scp.test', apiKey: 'k' },
    enhance: { baseUrl: 'https://cp.test/api', token: 't', orgId: 'org' },
    manual: {},
  };

  it('when a driver is asked for by name, then the driver for that panel comes back', () => {
    for (const name of Object.keys(deps) as DriverName[]) {
      const driver = driverFor(name, deps[name] as never);
      expect(driver.name).to.equal(name);
    }
  });

  it('when a name is not a driver, then it is rejected as a non-retryable configuration error', () => {
    expect(isDriverName('cpanel')).to.equal(false);
    expect(isDriverName('toString')).to.equal(false);
    expect(isDriverName('enhance')).to.equal(true);
    expect(() => driverFor('cpanel' as DriverName, {} as never)).to.throw(ProvisioningError).with.property('code', 'unknown_driver');
  });
});
