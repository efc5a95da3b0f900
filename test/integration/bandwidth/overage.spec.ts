import { expect } from 'chai';
import { billBandwidthOverage } from '../../../src/bandwidth/bill-bandwidth-overage.js';
import { bandwidthCycleAt } from '../../../src/bandwidth/cycles.js';
import { recordBandwidthUsage } from '../../../src/bandwidth/record-bandwidth-usage.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { BandwidthOverage, Invoice, InvoiceLine } from '../../../src/models/index.js';
import { getSetting, setSetting } from '../../../src/settings/index.js';
import type { FakeElastiFlow } from '../../fakes/elastiflow/server.js';
import { createPlan } from '../../factories/catalog.js';
import { resetDatabase } from '../../support/db.js';
import { GB, createMeteredPlan, createMeteredService, runCollection, startElastiFlow, stopElastiFlow } from './support.js';

const START = new Date('2025-03-10T00:00:00Z');
const at = (iso: string): Date => new Date(iso);
const MARCH = { start: '2025-03-10', end: '2025-04-10', startAt: at('2025-03-10T00:00:00Z'), endAt: at('2025-04-10T00:00:00Z') };

describe('Bandwidth: overage billed once at the end of the cycle', () => {
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

  const overageInvoices = async (): Promise<Array<[string, string, number]>> => {
    const invoices = await Invoice.findAll({ where: { kind: 'overage' }, order: [['id', 'ASC']] });
    const lines = await InvoiceLine.findAll({ where: { invoiceId: invoices.map((i) => i.id) } });
    return lines.map((l) => [l.kind, invoices.find((i) => i.id === l.invoiceId)!.status, Number(l.amountMinor)]);
  };

  it('when a cycle ends 2.5 GB over a 10 GB quota at 0.50/GB, then two hours later one overage invoice of 1.25 is issued; later runs add nothing', async () => {
    const service = await createMeteredService(await createMeteredPlan(10), ['198.51.100.10']);
    expect(bandwidthCycleAt(service.subscription!, at('2025-03-20T00:00:00Z'))).to.include({ start: '2025-03-10', end: '2025-04-10' });
    flow!.addFlow({ at: at('2025-04-09T10:00:00Z'), src: '198.51.100.10', dst: '203.0.113.5', bytes: 12.5 * GB });
    // Traffic of the next cycle is not part of March's overage.
    flow!.addFlow({ at: at('2025-04-10T00:30:00Z'), src: '198.51.100.10', dst: '203.0.113.5', bytes: 50 * GB });

    clock.set(at('2025-04-10T01:00:00Z'));
    await runCollection();
    expect(await BandwidthOverage.count()).to.equal(0);

    clock.set(at('2025-04-10T02:17:00Z'));
    const run = await runCollection();
    expect(run.details).to.include({ overages: 1 });
    await runCollection();
    clock.set(at('2025-04-11T02:17:00Z'));
    await runCollection();

    const overage = await BandwidthOverage.findOne({ where: { serviceId: service.id }, rejectOnEmpty: true });
    expect(overage).to.include({ cycleStart: '2025-03-10', cycleEnd: '2025-04-10', status: 'invoiced', currency: 'USD' });
    expect([Number(overage.quotaBytes), Number(overage.usedBytes), Number(overage.overageBytes), Number(overage.rateMinorPerGb), Number(overage.amountMinor)])
      .to.deep.equal([10 * GB, 12.5 * GB, 2.5 * GB, 50, 125]);
    expect(await overageInvoices()).to.deep.equal([['overage', 'open', 125]]);
    const invoice = await Invoice.findByPk(overage.invoiceId!, { rejectOnEmpty: true });
    expect(invoice).to.include({ customerId: service.customerId, subscriptionId: service.subscriptionId, kind: 'overage' });
    expect(invoice.number).to.be.a('string');
    const line = await InvoiceLine.findOne({ where: { invoiceId: invoice.id }, rejectOnEmpty: true });
    expect(line.description).to.contain('2.5 GB at 0.50 USD/GB').and.contain('2025-03-10 to 2025-04-09');
  });

  it('when the overage is billed twice and twice at once, then there is one overage row and one invoice', async () => {
    const service = await createMeteredService(await createMeteredPlan(10), ['198.51.100.11']);
    await recordBandwidthUsage([{ serviceId: service.id, day: '2025-03-20', bytesIn: 6 * GB, bytesOut: 6 * GB }], systemCtx());
    clock.set(at('2025-04-10T03:00:00Z'));
    const [a, b] = await Promise.all([billBandwidthOverage({ serviceId: service.id, cycle: MARCH }, systemCtx()), billBandwidthOverage({ serviceId: service.id, cycle: MARCH }, systemCtx())]);
    const c = await billBandwidthOverage({ serviceId: service.id, cycle: MARCH }, systemCtx());
    expect([a.created, b.created].sort()).to.deep.equal([false, true]);
    expect(c.created).to.equal(false);
    expect(c.overage?.id).to.equal(a.overage?.id).and.equal(b.overage?.id);
    expect(await BandwidthOverage.count()).to.equal(1);
    expect(await overageInvoices()).to.deep.equal([['overage', 'open', 100]]);
  });

  it('when the plan price has no overage rate, then the global rate for its type and currency applies, rounded half up to the cent', async () => {
    const rates = await getSetting('bandwidth.overage_rates');
    await setSetting('bandwidth.overage_rates', { ...rates, vps: Object.fromEntries(Object.keys(rates.vps).map((c) => [c, 30])) as typeof rates.vps }, systemCtx());
    const service = await createMeteredService(await createPlan({ bandwidthQuotaGb: 1 }), ['198.51.100.12']);
    // 1.25 GB over: 1.25 x 30 = 37.5 -> 38.
    await recordBandwidthUsage([{ serviceId: service.id, day: '2025-04-01', bytesIn: 2.25 * GB, bytesOut: 0 }], systemCtx());
    const { overage } = await billBandwidthOverage({ serviceId: service.id, cycle: MARCH }, systemCtx());
    expect([Number(overage?.rateMinorPerGb), Number(overage?.amountMinor), overage?.status]).to.deep.equal([30, 38, 'invoiced']);
  });

  it('when the overage is worth less than half a cent, then it is recorded as waived and nothing is invoiced', async () => {
    const service = await createMeteredService(await createMeteredPlan(10), ['198.51.100.13']);
    await recordBandwidthUsage([{ serviceId: service.id, day: '2025-03-11', bytesIn: 10 * GB + 9_000_000, bytesOut: 0 }], systemCtx());
    const { overage, created } = await billBandwidthOverage({ serviceId: service.id, cycle: MARCH }, systemCtx());
    expect(created).to.equal(true);
    expect([overage?.status, Number(overage?.amountMinor), overage?.invoiceId]).to.deep.equal(['waived', 0, null]);
    expect(await Invoice.count({ where: { kind: 'overage' } })).to.equal(0);
  });

  it('when usage stays within the quota, then nothing is billed', async () => {
    const service = await createMeteredService(await createMeteredPlan(10), ['198.51.100.14']);
    await recordBandwidthUsage([{ serviceId: service.id, day: '2025-03-11', bytesIn: 10 * GB, bytesOut: 0 }], systemCtx());
    expect(await billBandwidthOverage({ serviceId: service.id, cycle: MARCH }, systemCtx())).to.deep.equal({ overage: null, created: false });
    expect(await BandwidthOverage.count()).to.equal(0);
  });

  it('when the same day is collected again, then its usage is replaced, not added, so the overage does not grow', async () => {
    const service = await createMeteredService(await createMeteredPlan(10), ['198.51.100.15']);
    const day = { serviceId: service.id, day: '2025-03-15', bytesIn: 11 * GB, bytesOut: 0 };
    await Promise.all([recordBandwidthUsage([day], systemCtx()), recordBandwidthUsage([day], systemCtx())]);
    await recordBandwidthUsage([day], systemCtx());
    const { overage } = await billBandwidthOverage({ serviceId: service.id, cycle: MARCH }, systemCtx());
    expect(Number(overage?.overageBytes)).to.equal(GB);
  });
});
