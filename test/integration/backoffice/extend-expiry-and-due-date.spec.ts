import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { extendInvoiceDueDate } from '../../../admin/operations/extend-invoice-due-date.js';
import { renewalKey } from '../../../src/billing/renewals/renewal-subject.js';
import { extendServiceExpiry } from '../../../src/billing/subscriptions/extend-service-expiry.js';
import { clock } from '../../../src/lib/clock.js';
import { type Ctx, systemCtx } from '../../../src/lib/context.js';
import { AuditLog, Invoice, Subscription } from '../../../src/models/index.js';
import { claimDueInvoices } from '../../../src/payments/dunning/claim-due-invoices.js';
import { findOverdueSubscriptions } from '../../../src/payments/dunning/find-overdue-subscriptions.js';
import { createInvoice } from '../../factories/billing.js';
import { createService, createSubscription } from '../../factories/commerce.js';
import { createStaff } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { issueNow, renewalsOf } from '../billing/renewals/support.js';
import { codeOf, staffCtx } from '../support/helpers.js';

const DAY = 86_400_000;
const START = new Date('2030-05-10T10:00:00.000Z');
const day = (iso: string) => new Date(`${iso}T23:59:59.000Z`);

const staff = async (): Promise<Ctx> => staffCtx(await createStaff('support'));
const later = (ctx: Ctx): Ctx => ({ ...ctx, now: clock.now(), requestId: randomUUID() });

describe('back office: extending a service expiry and an invoice due date', () => {
  beforeEach(async () => {
    await resetDatabase();
    clock.set(START);
  });
  after(() => clock.reset());

  describe('service expiry', () => {
    it('when staff set a new expiry twice, then the period end and anchor day move once, with one audit row', async () => {
      const service = await createService();
      const before = (await Subscription.findByPk(service.subscriptionId))!;
      const ctx = await staff();

      const first = await extendServiceExpiry({ serviceId: service.id, until: day('2030-06-20'), reason: 'Outage credit' }, ctx);
      const second = await extendServiceExpiry({ serviceId: service.id, until: day('2030-06-20'), reason: 'Outage credit' }, later(ctx));

      expect(first).to.deep.equal({ changed: true, previousEnd: before.currentPeriodEnd, currentPeriodEnd: day('2030-06-20') });
      expect(second.changed).to.equal(false);
      const saved = (await Subscription.findByPk(service.subscriptionId))!;
      expect([saved.currentPeriodEnd?.toISOString(), saved.anchorDay]).to.deep.equal(['2030-06-20T23:59:59.000Z', 20]);
      const audits = await AuditLog.findAll({ where: { action: 'service.expiry_extended', entityId: String(service.id) } });
      expect(audits.map((a) => [a.reason, a.before?.currentPeriodEnd, a.after?.currentPeriodEnd])).to.deep.equal([
        ['Outage credit', before.currentPeriodEnd?.toISOString(), '2030-06-20T23:59:59.000Z'],
      ]);
    });

    it('when the same request to push by 7 days runs twice, then the expiry moves 7 days once; a new request pushes again', async () => {
      const service = await createService();
      const end = (await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!;
      const ctx = await staff();

      await extendServiceExpiry({ serviceId: service.id, days: 7, reason: 'Goodwill week' }, ctx);
      const repeat = await extendServiceExpiry({ serviceId: service.id, days: 7, reason: 'Goodwill week' }, ctx);
      expect(repeat.changed).to.equal(false);
      expect((await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!.getTime()).to.equal(end.getTime() + 7 * DAY);

      await extendServiceExpiry({ serviceId: service.id, days: 7, reason: 'Another week' }, later(ctx));
      expect((await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!.getTime()).to.equal(end.getTime() + 14 * DAY);
      expect(await AuditLog.count({ where: { action: 'service.expiry_extended' } })).to.equal(2);
    });

    it('when the expiry is extended, then the renewal invoice is issued for the new date, not the old one', async () => {
      const service = await createService();
      const oldEnd = (await Subscription.findByPk(service.subscriptionId))!.currentPeriodEnd!;
      await extendServiceExpiry({ serviceId: service.id, days: 20, reason: 'Migration delay' }, await staff());
      const newEnd = new Date(oldEnd.getTime() + 20 * DAY);

      clock.set(new Date(oldEnd.getTime() - 2 * DAY));
      await issueNow();
      expect(await renewalsOf(service.subscriptionId)).to.have.length(0);

      clock.set(new Date(newEnd.getTime() - 2 * DAY));
      await issueNow();
      await issueNow();
      const renewals = await renewalsOf(service.subscriptionId);
      expect(renewals.map((i) => [i.periodStart?.toISOString(), i.periodEnd?.toISOString()])).to.deep.equal([
        [newEnd.toISOString(), new Date(Date.UTC(newEnd.getUTCFullYear(), newEnd.getUTCMonth() + 1, newEnd.getUTCDate(), newEnd.getUTCHours(), newEnd.getUTCMinutes())).toISOString()],
      ]);
    });

    it('when the new expiry is in the past, the next period is already invoiced, or the service is terminated, then it is refused and nothing changes', async () => {
      const service = await createService();
      const subscription = (await Subscription.findByPk(service.subscriptionId))!;
      const end = subscription.currentPeriodEnd!;
      const ctx = await staff();
      expect(await codeOf(extendServiceExpiry({ serviceId: service.id, until: day('2030-05-01'), reason: 'Oops' }, ctx))).to.equal('expiry_in_past');
      expect(await codeOf(extendServiceExpiry({ serviceId: service.id, reason: 'Nothing given' }, ctx))).to.equal('expiry_extension_input');

      await createInvoice({ customerId: subscription.customerId, subscriptionId: subscription.id, kind: 'renewal', periodStart: end, periodEnd: new Date(end.getTime() + 30 * DAY), idempotencyKey: renewalKey(subscription.id, end) });
      expect(await codeOf(extendServiceExpiry({ serviceId: service.id, days: 5, reason: 'Goodwill' }, ctx))).to.equal('renewal_already_issued');

      const terminated = await createService({}, 'terminated');
      expect(await codeOf(extendServiceExpiry({ serviceId: terminated.id, days: 5, reason: 'Goodwill' }, ctx))).to.equal('service_terminated');
      expect(await codeOf(extendServiceExpiry({ serviceId: service.id, days: 5, reason: 'Goodwill' }, systemCtx()))).to.equal('staff_only');
      expect((await Subscription.findByPk(subscription.id))!.currentPeriodEnd!.getTime()).to.equal(end.getTime());
      expect(await AuditLog.count({ where: { action: 'service.expiry_extended' } })).to.equal(0);
    });
  });

  describe('invoice due date', () => {
    it('when finance extends an overdue invoice twice to the same day, then dunning and suspension wait for the new date and one audit row is written', async () => {
      const subscription = await createSubscription({}, 'pastDue');
      const invoice = await createInvoice({ subscription }, 'dunning');
      const ctx = await staff();
      const until = day('2030-05-24');
      const overdue = async () => (await findOverdueSubscriptions({ dueBy: clock.now(), now: clock.now(), after: 0, limit: 10 })).map((r) => r.invoiceId);
      expect(await overdue()).to.deep.equal([invoice.id]);

      expect(await extendInvoiceDueDate({ invoiceId: invoice.id, until, reason: 'Promise to pay' }, ctx)).to.equal(true);
      expect(await extendInvoiceDueDate({ invoiceId: invoice.id, until, reason: 'Promise to pay' }, later(ctx))).to.equal(false);

      const saved = (await Invoice.findByPk(invoice.id))!;
      expect([saved.dueAt?.toISOString(), saved.dunningStep, saved.nextRetryAt]).to.deep.equal([until.toISOString(), 0, null]);
      const audits = await AuditLog.findAll({ where: { action: 'invoice.due_date_extended', entityId: String(invoice.id) } });
      expect(audits.map((a) => [a.reason, a.before?.dunningStep, a.after?.dueAt])).to.deep.equal([['Promise to pay', 1, until.toISOString()]]);

      const lastStep = 5;
      clock.set(new Date(until.getTime() - DAY));
      expect((await claimDueInvoices({ limit: 10, lastStep }, systemCtx())).claims).to.deep.equal([]);
      expect(await overdue()).to.deep.equal([]);
      clock.set(new Date(until.getTime() + 60_000));
      expect((await claimDueInvoices({ limit: 10, lastStep }, systemCtx())).claims).to.deep.equal([{ invoiceId: invoice.id, step: 0 }]);
      expect(await overdue()).to.deep.equal([invoice.id]);
    });

    it('when the new due date is earlier, in the past, or the invoice is not open, then it is refused and nothing changes', async () => {
      const open = await createInvoice({}, 'open');
      const paid = await createInvoice({}, 'paid');
      const ctx = await staff();
      expect(await codeOf(extendInvoiceDueDate({ invoiceId: open.id, until: new Date(START.getTime() + DAY), reason: 'Earlier' }, ctx))).to.equal('due_date_not_later');
      expect(await codeOf(extendInvoiceDueDate({ invoiceId: open.id, until: new Date(START.getTime() - DAY), reason: 'Past' }, ctx))).to.equal('due_date_in_past');
      expect(await codeOf(extendInvoiceDueDate({ invoiceId: paid.id, until: day('2030-07-01'), reason: 'Paid' }, ctx))).to.equal('invoice_paid');
      expect((await Invoice.findByPk(open.id))!.dueAt!.getTime()).to.equal(open.dueAt!.getTime());
      expect(await AuditLog.count({ where: { action: 'invoice.due_date_extended' } })).to.equal(0);
    });
  });
});
