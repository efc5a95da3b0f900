import { expect } from 'chai';
import type { ProvisioningDriver } from '../../../../src/provisioning/driver.js';
import { EnhanceDriver } from '../../../../src/provisioning/enhance/driver.js';
import { startFakeEnhance, type FakeEnhance } from '../../../fakes/panels/enhance.js';
import { attemptLog, deadUrl, expectProvisioningError, provisionRequest } from './support.js';

const plan = { planId: 1 };

describe('Enhance driver', () => {
  let fake: FakeEnhance;
  let driver: EnhanceDriver;
  let log: ReturnType<typeof attemptLog>;

  beforeEach(async () => {
    fake = await startFakeEnhance();
    log = attemptLog();
    driver = new EnhanceDriver({ baseUrl: fake.url, token: fake.token, orgId: fake.orgId, timeoutMs: 300, onAttempt: log.onAttempt });
  });

  afterEach(() => fake.close());

  const customerOrgs = (): number => [...fake.state.orgs.values()].filter((o) => o.parentId === fake.orgId).length;

  it('when hosting is created, suspended, unsuspended and terminated, then org, owner, subscription and website follow', async () => {
    const req = provisionRequest(61, plan, { domain: 'ada.example' });
    const result = await driver.create(req);
    const sub = fake.state.subscriptions.get(Number(result.externalId));
    expect(sub).to.include({ planId: 1, friendlyName: 'ezs-svc-61', status: 'active' });
    const org = fake.state.orgs.get(sub?.subscriberId ?? '');
    expect(org).to.include({ name: 'Ada Lovelace', ownerEmail: 'ada@example.com' });
    expect([...fake.state.members.values()].map((m) => m.roles)).to.deep.equal([['Owner']]);
    expect([...fake.state.websites.values()].map((w) => [w.domain, w.subscriptionId])).to.deep.equal([['ada.example', sub?.id]]);
    expect(result).to.deep.include({ status: 'active', hostname: 'ada.example', panelUrl: fake.url.replace(/\/api$/, '') });
    expect(result.credentials?.username).to.equal('ada@example.com');
    expect(result.ipAddresses).to.have.length(1);

    const ext = { externalId: result.externalId, reference: req.reference };
    await driver.suspend(ext);
    expect(sub?.suspendedBy).to.equal(fake.orgId);
    expect((await driver.status(ext)).state).to.equal('suspended');
    await driver.unsuspend(ext);
    expect((await driver.status(ext)).state).to.equal('active');
    await driver.terminate(ext);
    expect(fake.state.subscriptions.size).to.equal(0);
    expect(fake.state.websites.size).to.equal(0);
    expect((await driver.status(ext)).state).to.equal('terminated');
  });

  it('when the customer already has an org, then the second service is a second subscription in it without new credentials', async () => {
    await driver.create(provisionRequest(62, plan, { domain: 'one.example' }));
    const second = await driver.create(provisionRequest(63, plan, { domain: 'two.example' }));
    expect(customerOrgs()).to.equal(1);
    expect(fake.state.logins.size).to.equal(1);
    expect(fake.state.subscriptions.size).to.equal(2);
    expect(second.credentials).to.equal(null);
  });

  it('when the panel answers 500 or is down, then the errors are retryable', async () => {
    fake.fail(1, 500);
    const err = await expectProvisioningError(driver.create(provisionRequest(64, plan)), { code: 'panel_server_error', retryable: true });
    expect(err.vendorCode).to.equal('internal_error');
    const down = new EnhanceDriver({ baseUrl: await deadUrl(startFakeEnhance), token: 't', orgId: 'o', timeoutMs: 300 });
    await expectProvisioningError(down.create(provisionRequest(64, plan)), { code: 'panel_unreachable', retryable: true });
  });

  it('when the panel does not answer in time, then the error is a retryable timeout', async () => {
    fake.latency(500);
    await expectProvisioningError(driver.status({ externalId: '1', reference: 'ezs-svc-1' }), { code: 'panel_timeout', retryable: true });
  });

  it('when the plan does not exist on the panel, then the error is not retryable', async () => {
    const err = await expectProvisioningError(driver.create(provisionRequest(65, { planId: 77 })), { code: 'panel_rejected', retryable: false });
    expect(err.vendorCode).to.equal('invalid_input');
    expect(fake.state.subscriptions.size).to.equal(0);
  });

  it('when the domain is already hosted, then the conflict is not retryable', async () => {
    await driver.create(provisionRequest(66, plan, { domain: 'taken.example' }));
    await expectProvisioningError(driver.create(provisionRequest(67, plan, { domain: 'taken.example' })), { code: 'panel_rejected', retryable: false });
  });

  it('when the token is wrong, then the error is a non-retryable auth failure', async () => {
    const wrong = new EnhanceDriver({ baseUrl: fake.url, token: 'nope', orgId: fake.orgId, timeoutMs: 300 });
    await expectProvisioningError(wrong.create(provisionRequest(68, plan)), { code: 'panel_auth_failed', retryable: false });
  });

  it('when the connection drops after the subscription was created, then findExisting adopts it and adds the missing website', async () => {
    const req = provisionRequest(69, plan, { domain: 'crash.example' });
    fake.createThenDropConnection();
    await expectProvisioningError(driver.create(req), { code: 'panel_unreachable', retryable: true });
    expect(fake.state.subscriptions.size).to.equal(1);
    expect(fake.state.websites.size).to.equal(0);

    const found = await driver.findExisting(req);
    const [sub] = fake.state.subscriptions.values();
    expect(found?.externalId).to.equal(String(sub.id));
    expect(found?.hostname).to.equal('crash.example');
    expect((await driver.create(req)).externalId).to.equal(String(sub.id));
    expect(fake.state.subscriptions.size).to.equal(1);
    expect(fake.state.websites.size).to.equal(1);
  });

  it('when creating the owner login fails after the customer org was made, then the retry adopts that org', async () => {
    fake.fail(1, 503, 'POST /logins');
    await expectProvisioningError(driver.create(provisionRequest(70, plan)), { code: 'panel_server_error', retryable: true });
    await driver.create(provisionRequest(70, plan));
    expect(customerOrgs()).to.equal(1);
    expect([...fake.state.orgs.values()].find((o) => o.parentId === fake.orgId)?.ownerEmail).to.equal('ada@example.com');
  });

  it('when a subscription is terminated twice, then both calls succeed', async () => {
    const req = provisionRequest(71, plan);
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    await driver.terminate(ext);
    await driver.terminate(ext);
    expect(fake.state.subscriptions.size).to.equal(0);
  });

  it('when usage is read, then disk in use and this month\'s transfer come back in bytes', async () => {
    const req = provisionRequest(72, plan, { domain: 'usage.example' });
    const ext = { externalId: (await driver.create(req)).externalId, reference: req.reference };
    expect(await driver.usage(ext)).to.deep.equal({
      cpuPercent: null, memoryBytes: null, diskBytes: 250 * 1024 ** 2, bandwidthBytes: 3 * 1024 ** 3, bandwidthLimitBytes: 100 * 1024 ** 3, bandwidthScope: 'month',
    });
    expect((driver as ProvisioningDriver).power).to.equal(undefined);
    expect(JSON.stringify(log.logs)).not.to.contain(fake.token);
  });
});
