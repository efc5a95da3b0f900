import { expect } from 'chai';
import { PterodactylDriver } from '../../../../src/provisioning/pterodactyl/driver.js';
import { startFakePterodactyl, type FakePterodactyl } from '../../../fakes/panels/pterodactyl.js';
import { attemptLog, deadUrl, expectProvisioningError, provisionRequest } from './support.js';

const plan = { nestId: 1, eggId: 5, locationId: 1, slotsVariable: 'MAX_PLAYERS', databases: 2, backups: 1 };

describe('Pterodactyl driver', () => {
  let fake: FakePterodactyl;
  let driver: PterodactylDriver;
  let log: ReturnType<typeof attemptLog>;

  beforeEach(async () => {
    fake = await startFakePterodactyl();
    log = attemptLog();
    driver = new PterodactylDriver({ baseUrl: fake.url, appKey: fake.token, clientKey: fake.clientToken, timeoutMs: 300, onAttempt: log.onAttempt });
  });

  afterEach(() => fake.close());

  it('when a game server is created, suspended, unsuspended and terminated, then the panel follows every step', async () => {
    const req = provisionRequest(21, plan, { options: { ramMb: 4096, vcpu: 2, diskGb: 20, slots: 32 } });
    const result = await driver.create(req);
    const server = fake.state.servers.get(Number(result.externalId));
    expect(server?.external_id).to.equal('ezs-svc-21');
    expect(server?.limits).to.include({ memory: 4096, cpu: 200, disk: 20 * 1024, swap: 0 });
    expect(server?.feature_limits).to.deep.equal({ databases: 2, allocations: 1, backups: 1 });
    expect(server?.container.environment).to.deep.equal({ SERVER_JARFILE: 'server.jar', MAX_PLAYERS: '32' });
    const allocation = fake.state.allocations.find((a) => a.serverId === server?.id);
    expect(result.ipAddresses).to.deep.equal([allocation?.ip]);
    expect(result.raw.address).to.equal(`${allocation?.ip}:${allocation?.port}`);
    expect(result.panelUrl).to.equal(`${fake.url}/server/${server?.identifier}`);
    const [user] = fake.state.users.values();
    expect(user).to.include({ external_id: 'ezs-cus-42', email: 'ada@example.com', username: 'ada-42' });
    expect(result.credentials?.username).to.equal('ada@example.com');
    expect(result.credentials?.password).to.have.length(20);

    const ext = { externalId: result.externalId, reference: req.reference };
    await driver.suspend(ext);
    expect(server?.status).to.equal('suspended');
    expect((await driver.status(ext)).state).to.equal('suspended');
    await driver.unsuspend(ext);
    expect((await driver.status(ext))).to.deep.include({ state: 'active', power: 'running' });
    await driver.terminate(ext);
    expect(fake.state.servers.size).to.equal(0);
    expect(fake.state.allocations.every((a) => a.serverId === null)).to.equal(true);
  });

  it('when the customer already has a panel user with that e-mail, then it is reused and no password is issued', async () => {
    await driver.create(provisionRequest(22, plan));
    const second = await driver.create(provisionRequest(23, plan));
    expect(fake.state.users.size).to.equal(1);
    expect(second.credentials).to.deep.equal({ username: 'ada@example.com' });
  });

  it('when the panel answers 500, then the error is retryable', async () => {
    fake.fail(1, 500);
    const err = await expectProvisioningError(driver.create(provisionRequest(24, plan)), { code: 'panel_server_error', retryable: true });
    expect(err.vendorCode).to.equal('HttpException');
  });

  it('when the panel is down or too slow, then the errors are retryable', async () => {
    const down = new PterodactylDriver({ baseUrl: await deadUrl(startFakePterodactyl), appKey: 'k', timeoutMs: 300 });
    await expectProvisioningError(down.findExisting(provisionRequest(25, plan)), { code: 'panel_unreachable', retryable: true });
    fake.timeout(1);
    await expectProvisioningError(driver.findExisting(provisionRequest(25, plan)), { code: 'panel_timeout', retryable: true });
  });

  it('when the panel rejects the egg, then the error is not retryable and keeps the vendor code', async () => {
    const err = await expectProvisioningError(driver.create(provisionRequest(26, { ...plan, nestId: 1, eggId: 99 })), { code: 'panel_not_found', retryable: false });
    expect(err.vendorCode).to.equal('NotFoundHttpException');
  });

  it('when the location has no free allocation, then create fails with no_inventory', async () => {
    fake.state.allocations.forEach((a) => (a.serverId = 999));
    const err = await expectProvisioningError(driver.create(provisionRequest(27, plan)), { code: 'no_inventory', retryable: false });
    expect(err.vendorCode).to.equal('NoViableAllocationException');
  });

  it('when the application key is wrong, then the error is a non-retryable auth failure', async () => {
    const wrong = new PterodactylDriver({ baseUrl: fake.url, appKey: 'ptla_wrong', timeoutMs: 300 });
    await expectProvisioningError(wrong.create(provisionRequest(28, plan)), { code: 'panel_auth_failed', retryable: false });
  });

  it('when the connection drops after the server was created, then findExisting adopts that one server by external id', async () => {
    const req = provisionRequest(29, plan);
    fake.createThenDropConnection();
    await expectProvisioningError(driver.create(req), { code: 'panel_unreachable', retryable: true });
    expect(fake.state.servers.size).to.equal(1);
    const [server] = fake.state.servers.values();
    expect((await driver.findExisting(req))?.externalId).to.equal(String(server.id));
    expect((await driver.create(req)).externalId).to.equal(String(server.id));
    expect(fake.state.servers.size).to.equal(1);
  });

  it('when a server is terminated twice, then both calls succeed', async () => {
    const req = provisionRequest(30, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    await driver.terminate(ext);
    await driver.terminate(ext);
    expect(fake.state.servers.size).to.equal(0);
    expect((await driver.status(ext)).state).to.equal('terminated');
  });

  it('when the stored id points at a server of another service, then terminate refuses to delete it', async () => {
    const other = await driver.create(provisionRequest(31, plan));
    await expectProvisioningError(driver.terminate({ externalId: other.externalId, reference: 'ezs-svc-999' }), { code: 'panel_reference_mismatch', retryable: false });
    expect(fake.state.servers.size).to.equal(1);
  });

  it('when power signals and usage go through the client API, then the server follows and live figures come back', async () => {
    const req = provisionRequest(32, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    await driver.power(ext, 'shutdown');
    expect((await driver.status(ext)).power).to.equal('stopped');
    await driver.power(ext, 'boot');
    await driver.power(ext, 'restart');
    expect(fake.state.powerSignals.map((s) => s.signal)).to.deep.equal(['stop', 'start', 'restart']);
    expect(await driver.usage(ext)).to.deep.equal({
      cpuPercent: 12.5, memoryBytes: 512 * 1024 ** 2, diskBytes: 300 * 1024 ** 2, bandwidthBytes: 3000, bandwidthLimitBytes: null, bandwidthScope: 'since_start',
    });
    expect(log.logs.some((l) => l.path === `/servers/${fake.state.servers.get(Number(ext.externalId))?.identifier}/power` && l.status === 204)).to.equal(true);
  });

  it('when a suspended server is told to boot, then the panel\'s conflict is a non-retryable error', async () => {
    const req = provisionRequest(33, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    await driver.suspend(ext);
    await expectProvisioningError(driver.power(ext, 'boot'), { code: 'panel_rejected', retryable: false });
  });

  it('when there is no client key, then usage is empty and power is a configuration error', async () => {
    const appOnly = new PterodactylDriver({ baseUrl: fake.url, appKey: fake.token, timeoutMs: 300 });
    const req = provisionRequest(34, plan);
    const ext = { externalId: (await appOnly.create(req)).externalId, reference: req.reference };
    expect((await appOnly.usage(ext)).bandwidthBytes).to.equal(null);
    await expectProvisioningError(appOnly.power(ext, 'boot'), { code: 'panel_not_configured', retryable: false });
  });

  it('when the server is reinstalled, then the panel reruns its install', async () => {
    const req = provisionRequest(35, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    await driver.reinstall(ext, 'ignored');
    expect((await driver.status(ext)).state).to.equal('building');
    expect(JSON.stringify(log.logs)).not.to.contain(fake.token);
    expect(JSON.stringify(log.logs)).not.to.contain(fake.clientToken);
  });
});
