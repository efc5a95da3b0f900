import { expect } from 'chai';
import { ProvisioningError } from '../../../src/lib/errors.js';
import {
  configNumber, customerReference, generatePassword, numericId, requireConfig, serviceReference, type ProvisionRequest,
} from '../../../src/provisioning/driver.js';
import { ManualDriver } from '../../../src/provisioning/manual/driver.js';

const request = (panelConfig: Record<string, unknown>): ProvisionRequest => ({
  serviceId: 5, reference: serviceReference(5), customer: { id: 1, email: 'a@b.test', firstName: 'A', lastName: 'B' }, panelConfig, options: {},
  hostname: 'box.example',
});

describe('provisioning driver helpers', () => {
  it('when references are made, then they carry our prefix and the id', () => {
    expect(serviceReference(12)).to.equal('ezs-svc-12');
    expect(customerReference(7)).to.equal('ezs-cus-7');
  });

  it('when a password is generated, then it has the length and a lower, an upper and a digit, and is never repeated', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword(16);
      expect(password).to.have.length(16);
      expect(password).to.match(/[a-z]/).and.match(/[A-Z]/).and.match(/[2-9]/);
      seen.add(password);
    }
    expect(seen.size).to.equal(200);
  });

  it('when a plan mapping lacks a required key, then it is a non-retryable configuration error', () => {
    expect(requireConfig(request({ eggId: 5 }), 'eggId')).to.equal(5);
    expect(() => requireConfig(request({ eggId: '' }), 'eggId')).to.throw(ProvisioningError).with.property('code', 'panel_invalid_config');
    expect(configNumber(request({ io: '500' }), 'io')).to.equal(500);
    expect(configNumber(request({ io: 'fast' }), 'io')).to.equal(undefined);
  });

  it('when a stored external id is not a panel id, then it is rejected without calling the panel', () => {
    expect(numericId('virtfusion', '42')).to.equal(42);
    for (const bad of ['', 'abc', '0', '-3', '1.5']) {
      expect(() => numericId('virtfusion', bad)).to.throw(ProvisioningError).with.property('retryable', false);
    }
  });
});

describe('manual driver', () => {
  const driver = new ManualDriver();
  const ext = { externalId: 'ezs-svc-5', reference: 'ezs-svc-5' };

  it('when a manual service is created, then it is pending for staff and nothing else happens', async () => {
    const result = await driver.create(request({}));
    expect(result).to.deep.include({ externalId: 'ezs-svc-5', status: 'pending_manual', hostname: 'box.example', credentials: null });
    expect(await driver.findExisting(request({}))).to.equal(null);
  });

  it('when any other call is made, then it succeeds without doing anything', async () => {
    await driver.suspend(ext);
    await driver.unsuspend(ext);
    await driver.terminate(ext);
    expect((await driver.status(ext)).state).to.equal('unknown');
    expect((await driver.usage(ext)).bandwidthBytes).to.equal(null);
  });
});
