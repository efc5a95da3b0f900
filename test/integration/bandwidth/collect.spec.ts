import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { BandwidthAlert, BandwidthUsage, MailOutbox, Notification } from '../../../src/models/index.js';
import type { FakeElastiFlow } from '../../fakes/elastiflow/server.js';
import { createStaff } from '../../factories/identity.js';
import { createPlan } from '../../factories/catalog.js';
import { resetDatabase } from '../../support/db.js';
import { GB, createMeteredPlan, createMeteredService, runCollection, startElastiFlow, stopElastiFlow } from './support.js';

const START = new Date('2025-03-10T00:00:00Z');
const at = (iso: string): Date => new Date(iso);

describe('Bandwidth: hourly collection from ElastiFlow and quota alerts', () => {
  let flow: FakeElastiFlow | undefined;

  beforeEach(async () => {
    await resetDatabase();
    clock.set(START);
    flow = await startElastiFlow();
  });

  afterEach(async () => {
    await stopElastiFlow(flow);
    flow = undefined;
  });

  const usage = async (serviceId: number): Promise<Array<[string, number, number]>> =>
    (await BandwidthUsage.findAll({ where: { serviceId }, order: [['day', 'ASC']] })).map((r) => [r.day, Number(r.bytesIn), Number(r.bytesOut)]);

  it('when the job runs twice in an hour, then each service has one row per day holding its traffic in and out of its addresses', async () => {
    const plan = await createMeteredPlan(100);
    const a = await createMeteredService(plan, ['198.51.100.10', '198.51.100.11']);
    const b = await createMeteredService(plan, ['198.51.100.20']);
    flow!.addFlow({ at: at('2025-03-10T08:00:00Z'), src: '203.0.113.5', dst: '198.51.100.10', bytes: 3 * GB });
    flow!.addFlow({ at: at('2025-03-10T09:00:00Z'), src: '198.51.100.11', dst: '203.0.113.5', bytes: 2 * GB });
    flow!.addFlow({ at: at('2025-03-11T00:10:00Z'), src: '203.0.113.5', dst: '198.51.100.11', bytes: GB });
    flow!.addFlow({ at: at('2025-03-11T00:20:00Z'), src: '198.51.100.20', dst: '203.0.113.9', bytes: 500 });
    // Someone else's traffic and traffic after "now" are not counted.
    flow!.addFlow({ at: at('2025-03-10T10:00:00Z'), src: '203.0.113.5', dst: '203.0.113.6', bytes: 9 * GB });
    flow!.addFlow({ at: at('2025-03-11T05:00:00Z'), src: '203.0.113.5', dst: '198.51.100.10', bytes: 9 * GB });

    clock.set(at('2025-03-11T00:30:00Z'));
    const first = await runCollection();
    expect(first).to.include({ skipped: false, processed: 2, failed: 0 });
    const second = await runCollection();
    expect(second).to.include({ processed: 2, failed: 0 });

    expect(await usage(a.id)).to.deep.equal([['2025-03-10', 3 * GB, 2 * GB], ['2025-03-11', GB, 0]]);
    expect(await usage(b.id)).to.deep.equal([['2025-03-10', 0, 0], ['2025-03-11', 0, 500]]);
    expect(await BandwidthUsage.count()).to.equal(4);
    expect(flow!.searches).to.have.length(4);

    // Later in the day, today's row grows to the day's total; yesterday's stays.
    flow!.addFlow({ at: at('2025-03-11T03:00:00Z'), src: '198.51.100.10', dst: '203.0.113.5', bytes: 4 * GB });
    clock.set(at('2025-03-11T06:00:00Z'));
    await runCollection();
    expect(await usage(a.id)).to.deep.equal([['2025-03-10', 3 * GB, 2 * GB], ['2025-03-11', 10 * GB, 4 * GB]]);
  });

  it('when a service is terminated or has no address, then it is not collected; traffic from before a service was set up is not its own', async () => {
    const plan = await createMeteredPlan(100);
    const live = await createMeteredService(plan, ['198.51.100.30']);
    const gone = await createMeteredService(plan, ['198.51.100.31']);
    await gone.update({ status: 'terminated', terminatedAt: START });
    flow!.addFlow({ at: at('2025-03-09T12:00:00Z'), src: '203.0.113.5', dst: '198.51.100.30', bytes: GB });
    flow!.addFlow({ at: at('2025-03-10T12:00:00Z'), src: '203.0.113.5', dst: '198.51.100.31', bytes: GB });
    clock.set(at('2025-03-10T13:00:00Z'));
    expect(await runCollection()).to.include({ processed: 1, failed: 0 });
    expect(await usage(live.id)).to.deep.equal([['2025-03-10', 0, 0]]);
    expect(await usage(gone.id)).to.deep.equal([]);
  });

  it('when ElastiFlow fails, then the run counts the services as failed and stores nothing; the next run collects them', async () => {
    const service = await createMeteredService(await createMeteredPlan(100), ['198.51.100.40']);
    flow!.addFlow({ at: at('2025-03-10T01:00:00Z'), src: '203.0.113.5', dst: '198.51.100.40', bytes: GB });
    clock.set(at('2025-03-10T02:00:00Z'));
    flow!.fail(1, 503);
    expect(await runCollection()).to.include({ processed: 0, failed: 1 });
    expect(await BandwidthUsage.count()).to.equal(0);
    expect(await runCollection()).to.include({ processed: 1, failed: 0 });
    expect(await usage(service.id)).to.deep.equal([['2025-03-10', GB, 0]]);
  });

  it('when the ElastiFlow credentials are wrong, then nothing is stored and the run reports the failure', async () => {
    await createMeteredService(await createMeteredPlan(100), ['198.51.100.41']);
    const { loadConfig, setConfig } = await import('../../../config/index.js');
    setConfig(loadConfig({ ...process.env, ELASTIFLOW_URL: flow!.url, ELASTIFLOW_USERNAME: flow!.username, ELASTIFLOW_PASSWORD: 'wrong' }));
    (await import('../../../src/settings/index.js')).clearSettingsCache();
    expect(await runCollection()).to.include({ processed: 0, failed: 1 });
    expect(await BandwidthUsage.count()).to.equal(0);
  });

  it('when usage crosses 75, 90 and 100 % of the quota, then each alert is recorded and mailed once, and staff hear at 100 %', async () => {
    const admin = await createStaff('admin');
    const service = await createMeteredService(await createMeteredPlan(10), ['198.51.100.50']);
    const mails = async (): Promise<string[]> => (await MailOutbox.findAll({ order: [['id', 'ASC']] })).map((m) => m.template);
    const push = (gb: number, iso: string): void => flow!.addFlow({ at: at(iso), src: '198.51.100.50', dst: '203.0.113.5', bytes: gb * GB });

    push(7.5, '2025-03-12T01:00:00Z');
    clock.set(at('2025-03-12T02:00:00Z'));
    await runCollection();
    await runCollection();
    expect(await mails()).to.deep.equal(['bandwidth-alert']);
    push(1.6, '2025-03-12T03:00:00Z');
    clock.set(at('2025-03-12T04:00:00Z'));
    await runCollection();
    push(1, '2025-03-12T05:00:00Z');
    clock.set(at('2025-03-12T06:00:00Z'));
    await runCollection();
    await runCollection();

    expect(await mails()).to.deep.equal(['bandwidth-alert', 'bandwidth-alert', 'bandwidth-exceeded']);
    const alerts = await BandwidthAlert.findAll({ where: { serviceId: service.id }, order: [['thresholdPercent', 'ASC']] });
    expect(alerts.map((a) => [a.cycleStart, a.thresholdPercent, Number(a.quotaBytes)])).to.deep.equal([
      ['2025-03-10', 75, 10 * GB], ['2025-03-10', 90, 10 * GB], ['2025-03-10', 100, 10 * GB],
    ]);
    expect(Number(alerts[2]?.usedBytes)).to.equal(10.1 * GB);
    const mail = await MailOutbox.findOne({ where: { template: 'bandwidth-exceeded' }, rejectOnEmpty: true });
    expect(mail.subject).to.contain('used all of its included traffic');
    expect(mail.text).to.contain('10.1 GB').and.contain('10 GB included this cycle').and.contain('2025');
    const customerNotes = await Notification.findAll({ where: { type: 'bandwidth.threshold_reached' } });
    expect(customerNotes.map((n) => n.title)).to.have.length(3);
    expect((await Notification.findAll({ where: { userId: admin.id } })).map((n) => n.type)).to.deep.equal(['bandwidth.high_usage']);
  });

  it('when usage jumps past every threshold at once, then all three are recorded but the customer gets one mail, about 100 %', async () => {
    const service = await createMeteredService(await createMeteredPlan(10), ['198.51.100.60']);
    flow!.addFlow({ at: at('2025-03-12T01:00:00Z'), src: '198.51.100.60', dst: '203.0.113.5', bytes: 12 * GB });
    clock.set(at('2025-03-12T02:00:00Z'));
    await Promise.all([runCollection(), runCollection()]);
    await runCollection();
    expect(await BandwidthAlert.count({ where: { serviceId: service.id } })).to.equal(3);
    expect((await MailOutbox.findAll()).map((m) => m.template)).to.deep.equal(['bandwidth-exceeded']);
  });

  it('when the next cycle starts, then the alerts start over for it', async () => {
    const service = await createMeteredService(await createMeteredPlan(10), ['198.51.100.61']);
    flow!.addFlow({ at: at('2025-04-09T10:00:00Z'), src: '198.51.100.61', dst: '203.0.113.5', bytes: 8 * GB });
    clock.set(at('2025-04-09T11:00:00Z'));
    await runCollection();
    flow!.addFlow({ at: at('2025-04-10T10:00:00Z'), src: '198.51.100.61', dst: '203.0.113.5', bytes: 8 * GB });
    clock.set(at('2025-04-10T11:00:00Z'));
    await runCollection();
    const alerts = (await BandwidthAlert.findAll({ where: { serviceId: service.id }, order: [['cycleStart', 'ASC']] })).map((a) => [a.cycleStart, a.thresholdPercent]);
    expect(alerts).to.deep.equal([['2025-03-10', 75], ['2025-04-10', 75]]);
  });

  it('when the plan is unmetered, then traffic is stored but no alert is raised', async () => {
    const service = await createMeteredService(await createPlan({ bandwidthQuotaGb: null }), ['198.51.100.70']);
    flow!.addFlow({ at: at('2025-03-10T01:00:00Z'), src: '198.51.100.70', dst: '203.0.113.5', bytes: 5000 * GB });
    clock.set(at('2025-03-10T02:00:00Z'));
    await runCollection();
    expect(await usage(service.id)).to.deep.equal([['2025-03-10', 0, 5000 * GB]]);
    expect(await BandwidthAlert.count()).to.equal(0);
    expect(await MailOutbox.count()).to.equal(0);
  });

  it('when ElastiFlow is not configured, then the job does nothing and says so', async () => {
    const { loadConfig, setConfig } = await import('../../../config/index.js');
    setConfig(loadConfig({ ...process.env, ELASTIFLOW_URL: undefined }));
    (await import('../../../src/settings/index.js')).clearSettingsCache();
    await createMeteredService(await createMeteredPlan(10), ['198.51.100.80']);
    const run = await runCollection();
    expect(run).to.include({ processed: 0, failed: 0 });
    expect(run.details).to.deep.equal({ skipped: 'elastiflow_not_configured' });
    expect(systemCtx().actor.type).to.equal('system');
  });
});
