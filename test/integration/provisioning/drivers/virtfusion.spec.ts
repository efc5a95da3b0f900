import { expect } from 'chai';
import { VirtFusionDriver } from '../../../../src/provisioning/virtfusion/driver.js';
import { startFakeVirtFusion, type FakeVirtFusion } from '../../../fakes/panels/virtfusion.js';
import { attemptLog, deadUrl, expectProvisioningError, provisionRequest } from './support.js';

const plan = { packageId: 3, hypervisorGroupId: 1, osTemplateId: 1 };

describe('VirtFusion driver', () => {
  let fake: FakeVirtFusion;
  let driver: VirtFusionDriver;
  let log: ReturnType<typeof attemptLog>;

  beforeEach(async () => {
    fake = await startFakeVirtFusion();
    log = attemptLog();
    driver = new VirtFusionDriver({ baseUrl: fake.url, token: fake.token, timeoutMs: 300, onAttempt: log.onAttempt });
  });

  afterEach(() => fake.close());

  it('when a VPS is created, suspended, unsuspended and terminated, then the panel follows every step', async () => {
    const req = provisionRequest(7, plan, { hostname: 'vps7.example.com', options: { ramMb: 2048, vcpu: 2, diskGb: 40, ipv4: 1 } });
    const result = await driver.create(req);
    const server = fake.state.servers.get(Number(result.externalId));
    expect(server).to.include({ name: 'ezs-svc-7', hostname: 'vps7.example.com', memoryMb: 2048, cpuCores: 2, storageGb: 40, commissionStatus: 3 });
    expect(result.status).to.equal('active');
    expect(result.ipAddresses).to.deep.equal(server?.ipv4);
    expect(result.credentials).to.deep.equal({ username: 'root', password: server?.password });
    expect([...fake.state.users.values()]).to.deep.equal([{ id: server?.ownerId, extRelationId: 42, name: 'Ada Lovelace', email: 'ada@example.com' }]);

    const ext = { externalId: result.externalId, reference: req.reference };
    await driver.suspend(ext);
    expect(server?.suspended).to.equal(true);
    expect((await driver.status(ext)).state).to.equal('suspended');
    await driver.unsuspend(ext);
    expect(server?.suspended).to.equal(false);
    await driver.terminate(ext);
    expect(fake.state.servers.size).to.equal(0);
    expect((await driver.status(ext)).state).to.equal('terminated');
  });

  it('when the customer gives SSH keys, then they are added to their panel user and used for the build', async () => {
    const result = await driver.create(provisionRequest(8, plan, { sshKeys: ['ssh-ed25519 AAAA ada@laptop'] }));
    const server = fake.state.servers.get(Number(result.externalId));
    const keys = [...fake.state.sshKeys.values()];
    expect(keys.map((k) => k.publicKey)).to.deep.equal(['ssh-ed25519 AAAA ada@laptop']);
    expect(server?.sshKeyIds).to.deep.equal(keys.map((k) => k.id));
  });

  it('when the customer already has a panel user, then the new server is created under it', async () => {
    await driver.create(provisionRequest(1, plan));
    await driver.create(provisionRequest(2, plan));
    expect(fake.state.users.size).to.equal(1);
    expect(fake.state.servers.size).to.equal(2);
  });

  it('when the panel answers 503, then the error is retryable and nothing is created', async () => {
    fake.fail(1, 503);
    const err = await expectProvisioningError(driver.create(provisionRequest(9, plan)), { code: 'panel_server_error', retryable: true });
    expect(err.vendorCode).to.equal('503');
    expect(fake.state.servers.size).to.equal(0);
  });

  it('when the panel is down, then the error is retryable', async () => {
    const down = new VirtFusionDriver({ baseUrl: await deadUrl(startFakeVirtFusion), token: 't', timeoutMs: 300 });
    await expectProvisioningError(down.status({ externalId: '1', reference: 'ezs-svc-1' }), { code: 'panel_unreachable', retryable: true });
  });

  it('when the panel does not answer in time, then the error is a retryable timeout', async () => {
    fake.timeout(1);
    await expectProvisioningError(driver.status({ externalId: '1', reference: 'ezs-svc-1' }), { code: 'panel_timeout', retryable: true });
  });

  it('when the panel rejects the hypervisor group, then the error is not retryable and carries the panel message', async () => {
    const err = await expectProvisioningError(driver.create(provisionRequest(10, { ...plan, hypervisorGroupId: 99 })), { code: 'panel_rejected', retryable: false });
    expect(err.message).to.contain('hypervisor id is invalid');
  });

  it('when the token is wrong, then the error is a non-retryable auth failure', async () => {
    const wrong = new VirtFusionDriver({ baseUrl: fake.url, token: 'nope', timeoutMs: 300 });
    await expectProvisioningError(wrong.create(provisionRequest(11, plan)), { code: 'panel_auth_failed', retryable: false });
  });

  it('when the plan has no OS template, then create fails as a configuration error without calling the panel', async () => {
    await expectProvisioningError(driver.create(provisionRequest(12, { packageId: 3, hypervisorGroupId: 1 })), { code: 'panel_invalid_config', retryable: false });
    expect(fake.requests).to.have.length(0);
  });

  it('when the connection drops after the server was created, then findExisting adopts and builds that one server', async () => {
    const req = provisionRequest(13, plan);
    fake.createThenDropConnection();
    await expectProvisioningError(driver.create(req), { code: 'panel_unreachable', retryable: true });
    expect(fake.state.servers.size).to.equal(1);

    const found = await driver.findExisting(req);
    const [server] = fake.state.servers.values();
    expect(found?.externalId).to.equal(String(server.id));
    expect(server).to.include({ name: 'ezs-svc-13', commissionStatus: 3 });
    expect((await driver.create(req)).externalId).to.equal(String(server.id));
    expect(fake.state.servers.size).to.equal(1);
  });

  it('when a server is terminated twice, then both calls succeed', async () => {
    const req = provisionRequest(14, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    await driver.terminate(ext);
    await driver.terminate(ext);
    expect(fake.state.servers.size).to.equal(0);
  });

  it('when power actions are sent, then the panel runs them and the live state follows', async () => {
    const req = provisionRequest(15, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    await driver.power(ext, 'shutdown');
    expect((await driver.status(ext)).power).to.equal('stopped');
    await driver.power(ext, 'boot');
    await driver.power(ext, 'restart');
    expect((await driver.status(ext)).power).to.equal('running');
    expect(fake.state.powerActions.map((p) => p.action)).to.deep.equal(['shutdown', 'boot', 'restart']);
  });

  it('when usage is read, then it reports this month\'s traffic in bytes', async () => {
    const req = provisionRequest(16, plan, { options: { bandwidthGb: 1000 } });
    const result = await driver.create(req);
    const server = fake.state.servers.get(Number(result.externalId));
    Object.assign(server ?? {}, { rxBytes: 1_000, txBytes: 2_500 });
    const usage = await driver.usage({ externalId: result.externalId, reference: req.reference });
    expect(usage).to.include({ bandwidthBytes: 3_500, bandwidthLimitBytes: 1000 * 1024 ** 3, bandwidthScope: 'month', cpuPercent: null });
  });

  it('when the root password is reset or the OS reinstalled, then the panel does it and we get the new password', async () => {
    const req = provisionRequest(17, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    const creds = await driver.resetPassword(ext);
    expect(creds).to.deep.equal({ username: 'root', password: fake.state.servers.get(Number(ext.externalId))?.password });
    await driver.reinstall(ext, '2');
    expect(fake.state.servers.get(Number(ext.externalId))?.osTemplateId).to.equal(2);
  });

  it('when calls are logged, then each attempt has path, status and duration but never the token', async () => {
    fake.latency(20);
    await driver.create(provisionRequest(18, plan));
    expect(log.logs.map((l) => `${l.method} ${l.path} ${l.status}`)).to.include.members(['POST /servers 201', 'POST /users 201']);
    expect(log.logs.every((l) => l.durationMs >= 15 && l.ok)).to.equal(true);
    expect(JSON.stringify(log.logs)).not.to.contain(fake.token);
  });
});
