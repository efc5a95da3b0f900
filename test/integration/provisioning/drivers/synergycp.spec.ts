import { expect } from 'chai';
import { SynergyCpDriver } from '../../../../src/provisioning/synergycp/driver.js';
import { startFakeSynergyCp, type FakeSynergyCp } from '../../../fakes/panels/synergycp.js';
import { attemptLog, deadUrl, expectProvisioningError, provisionRequest } from './support.js';

const plan = { memBilling: 'MEM-32GB', cpuBilling: 'CPU-E3-1240', diskBilling: ['SSD-480'], ipGroupBilling: 'DAL', osTemplate: 'debian-12', maxBandwidth: '10TB' };

describe('SynergyCP driver', () => {
  let fake: FakeSynergyCp;
  let driver: SynergyCpDriver;
  let log: ReturnType<typeof attemptLog>;

  beforeEach(async () => {
    fake = await startFakeSynergyCp();
    log = attemptLog();
    driver = new SynergyCpDriver({ baseUrl: fake.url, apiKey: fake.token, timeoutMs: 300, onAttempt: log.onAttempt });
  });

  afterEach(() => fake.close());

  it('when a dedicated server is provisioned, suspended, unsuspended and terminated, then inventory and access follow', async () => {
    const req = provisionRequest(41, plan, { hostname: 'dal1.example.com' });
    const result = await driver.create(req);
    const server = fake.state.servers.get(Number(result.externalId));
    expect(server?.billing).to.deep.equal({ id: 'ezs-svc-41', max_bandwidth: '10TB' });
    expect(server).to.include({ nickname: 'dal1.example.com', pxe_profile_billing: 'debian-12', password: result.credentials?.password });
    expect(result).to.deep.include({ status: 'active', hostname: 'dal1.example.com', ipAddresses: server?.ips });
    expect([...fake.state.clients.values()]).to.have.length(1);
    expect([...fake.state.clients.values()][0]).to.include({ email: 'ada@example.com', billing_id: 'ezs-cus-42' });

    const ext = { externalId: result.externalId, reference: req.reference };
    await driver.suspend(ext);
    expect(server?.accesses[0]).to.include({ is_active: false, suspension_reason: 'Suspended by billing' });
    expect((await driver.status(ext)).state).to.equal('suspended');
    await driver.unsuspend(ext);
    expect(server?.accesses[0].is_active).to.equal(true);
    await driver.terminate(ext);
    expect(fake.assigned()).to.have.length(0);
    expect(fake.state.wipes).to.deep.equal([server?.id]);
    expect((await driver.status(ext)).state).to.equal('terminated');
  });

  it('when no matching hardware is free, then create fails with the non-retryable no_inventory code', async () => {
    await driver.create(provisionRequest(42, plan));
    await driver.create(provisionRequest(43, plan));
    const err = await expectProvisioningError(driver.create(provisionRequest(44, plan)), { code: 'no_inventory', retryable: false });
    expect(err.status).to.equal(502);
    expect(fake.assigned()).to.have.length(2);
  });

  it('when the plan asks for hardware the inventory does not have, then create fails with no_inventory', async () => {
    await expectProvisioningError(driver.create(provisionRequest(45, { ...plan, memBilling: 'MEM-256GB' })), { code: 'no_inventory', retryable: false });
  });

  it('when the panel answers 502 or is down, then the errors are retryable', async () => {
    fake.fail(1, 502);
    await expectProvisioningError(driver.create(provisionRequest(46, plan)), { code: 'panel_server_error', retryable: true });
    const down = new SynergyCpDriver({ baseUrl: await deadUrl(startFakeSynergyCp), apiKey: 'k', timeoutMs: 300 });
    await expectProvisioningError(down.create(provisionRequest(46, plan)), { code: 'panel_unreachable', retryable: true });
  });

  it('when the panel does not answer in time, then the error is a retryable timeout', async () => {
    fake.timeout(1);
    await expectProvisioningError(driver.status({ externalId: '1', reference: 'ezs-svc-1' }), { code: 'panel_timeout', retryable: true });
  });

  it('when the API key is wrong, then the error is a non-retryable auth failure and the key is never logged', async () => {
    const wrong = new SynergyCpDriver({ baseUrl: fake.url, apiKey: 'wrong-key', timeoutMs: 300, onAttempt: log.onAttempt });
    const err = await expectProvisioningError(wrong.create(provisionRequest(47, plan)), { code: 'panel_auth_failed', retryable: false });
    expect(err.message).not.to.contain('wrong-key');
    await driver.create(provisionRequest(48, plan));
    const logged = JSON.stringify(log.logs);
    expect(logged).not.to.contain('wrong-key');
    expect(logged).not.to.contain(fake.token);
    expect(log.logs.map((l) => l.path)).to.include('/server/provision');
  });

  it('when the customer is rejected by the panel, then the error is not retryable and carries the panel message', async () => {
    const req = provisionRequest(49, plan, { customer: { id: 7, email: '', firstName: 'No', lastName: 'Mail' } });
    const err = await expectProvisioningError(driver.create(req), { code: 'panel_rejected', retryable: false });
    expect(err.message).to.contain('email, first and last fields are required');
  });

  it('when the connection drops after provisioning, then findExisting adopts that one server by billing id', async () => {
    const req = provisionRequest(50, plan);
    fake.createThenDropConnection();
    await expectProvisioningError(driver.create(req), { code: 'panel_unreachable', retryable: true });
    expect(fake.assigned()).to.have.length(1);
    const [server] = fake.assigned();
    expect((await driver.findExisting(req))?.externalId).to.equal(String(server.id));
    expect((await driver.create(req)).externalId).to.equal(String(server.id));
    expect(fake.assigned()).to.have.length(1);
  });

  it('when another order takes the first free server first, then the next matching one is provisioned', async () => {
    const [first, second] = fake.state.servers.values();
    fake.fail(1, 422, 'POST /server/provision');
    const result = await driver.create(provisionRequest(51, plan));
    expect(result.externalId).to.equal(String(second.id));
    expect(first.client).to.equal(null);
    expect(fake.assigned()).to.have.length(1);
  });

  it('when a server is terminated twice, then both succeed and a server resold to someone else is left alone', async () => {
    const req = provisionRequest(53, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    await driver.terminate(ext);
    await driver.create(provisionRequest(54, plan));
    await driver.terminate(ext);
    expect(fake.state.wipes).to.have.length(1);
    expect(fake.assigned().map((s) => s.billing?.id)).to.include('ezs-svc-54');
    await expectProvisioningError(driver.suspend(ext), { code: 'panel_reference_mismatch', retryable: false });
  });

  it('when usage is read, then the billing period\'s bandwidth comes back in bytes', async () => {
    const req = provisionRequest(55, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    expect(await driver.usage(ext)).to.deep.include({ bandwidthBytes: 5 * 1024 ** 3, bandwidthLimitBytes: 10 * 1024 ** 4, bandwidthScope: 'billing_period' });
  });
});
