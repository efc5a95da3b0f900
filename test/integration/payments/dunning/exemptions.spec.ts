import { expect } from 'chai';
import { dunningRunJob } from '../../../../src/jobs/dunning-run.js';
import { suspensionsRunJob } from '../../../../src/jobs/suspensions-run.js';
import { clock } from '../../../../src/lib/clock.js';
import { AppError } from '../../../../src/lib/errors.js';
import { AuditLog, DunningExemption, Subscription } from '../../../../src/models/index.js';
import { setDunningExemption } from '../../../../src/payments/dunning/set-dunning-exemption.js';
import { customerCtx, customerWithCards, DAY, mailsOf, reload, renewalDue, resetPayments, runAt, staffCtx, startRails, type Rails } from '../operations/support.js';

const DUE = new Date('2030-03-01T00:00:00Z');
const at = (days: number, hours = 1): Date => new Date(DUE.getTime() + days * DAY + hours * 3_600_000);

async function statusOf(subscription: Subscription): Promise<string> {
  return (await Subscription.findByPk(subscription.id, { rejectOnEmpty: true })).status;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('Payments: dunning exemptions (staff hold dunning and suspension until a date)', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    clock.set(new Date(DUE.getTime() - 2 * DAY));
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  it('when an invoice is exempt until day 10, then it is neither charged, reminded nor suspended before, and both resume once it ends', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { subscription, invoice } = await renewalDue(customer, DUE);
    const { ctx } = await staffCtx('finance');
    await setDunningExemption({ invoiceId: invoice.id, until: at(10, 0), reason: 'Promised to pay by bank transfer on day 9' }, ctx);

    for (const day of [0, 1, 3, 5, 7, 9]) {
      rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });
      await runAt(dunningRunJob, at(day));
      await runAt(suspensionsRunJob, at(day, 2));
    }
    expect(rails.stripe.counts().paymentIntents).to.equal(0);
    expect(await statusOf(subscription)).to.equal('active');
    expect(await mailsOf(customer)).to.deep.equal([]);

    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });
    await runAt(dunningRunJob, at(10));
    await runAt(suspensionsRunJob, at(10, 2));

    expect(rails.stripe.counts().paymentIntents).to.equal(1);
    expect((await reload(invoice)).dunningStep).to.equal(1);
    expect(await statusOf(subscription)).to.equal('suspended');
    expect(await mailsOf(customer)).to.deep.equal(['dunning-suspended', 'payment-failed']);
  });

  it('when a customer is exempt, then none of their invoices is charged or suspended until it ends; the card then pays', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const first = await renewalDue(customer, DUE);
    const second = await renewalDue(customer, DUE);
    const { ctx } = await staffCtx();
    await setDunningExemption({ customerId: customer.id, until: at(6, 0), reason: 'Finance reviewing the account' }, ctx);

    await runAt(dunningRunJob, at(0));
    await runAt(suspensionsRunJob, at(5, 2));
    expect(rails.stripe.counts().paymentIntents).to.equal(0);
    expect([await statusOf(first.subscription), await statusOf(second.subscription)]).to.deep.equal(['active', 'active']);

    await runAt(dunningRunJob, at(6));
    expect((await reload(first.invoice)).status).to.equal('paid');
    expect((await reload(second.invoice)).status).to.equal('paid');
    expect(rails.stripe.counts().paymentIntents).to.equal(2);
  });

  it('when staff set the same exemption twice (and twice at once), then one exemption is in force and one change is audited', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, DUE);
    const { ctx } = await staffCtx();
    const input = { invoiceId: invoice.id, until: at(8, 0), reason: 'Promise to pay' };

    await setDunningExemption(input, ctx);
    await Promise.all([setDunningExemption(input, ctx), setDunningExemption(input, ctx)]);

    expect(await DunningExemption.count({ where: { invoiceId: invoice.id } })).to.equal(1);
    expect(await AuditLog.count({ where: { action: 'dunning.exemption_set', entityId: String(invoice.id) } })).to.equal(1);
  });

  it('when staff move the date and then lift the exemption, then the old rows end, history is kept, and dunning charges again', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, DUE);
    const { ctx, staff } = await staffCtx();
    await setDunningExemption({ invoiceId: invoice.id, until: at(8, 0), reason: 'Promise to pay' }, ctx);
    await setDunningExemption({ invoiceId: invoice.id, until: at(12, 0), reason: 'Promise moved' }, ctx);
    clock.set(at(1));
    const lifted = await setDunningExemption({ invoiceId: invoice.id, until: null, reason: 'Promise broken' }, { ...ctx, now: clock.now() });

    expect(lifted).to.equal(null);
    const rows = await DunningExemption.findAll({ where: { invoiceId: invoice.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.reason, r.endedAt !== null, r.endedBy])).to.deep.equal([['Promise to pay', true, staff.id], ['Promise moved', true, staff.id]]);
    expect(await AuditLog.count({ where: { action: ['dunning.exemption_set', 'dunning.exemption_lifted'], entityId: String(invoice.id) } })).to.equal(3);

    await runAt(dunningRunJob, at(1, 2));
    expect((await reload(invoice)).status).to.equal('paid');
  });

  it('when the input is wrong or a customer tries, then it is refused with a clear code and nothing is stored', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, DUE);
    const { ctx } = await staffCtx();

    expect(await refusal(setDunningExemption({ invoiceId: invoice.id, until: at(5), reason: 'Mine' }, customerCtx(customer)))).to.equal('dunning_exemption_staff_only');
    expect(await refusal(setDunningExemption({ invoiceId: invoice.id, until: new Date(clock.now().getTime() - DAY), reason: 'Late' }, ctx))).to.equal('dunning_exemption_in_past');
    expect(await refusal(setDunningExemption({ invoiceId: invoice.id, until: at(5), reason: '  ' }, ctx))).to.equal('dunning_exemption_reason_required');
    expect(await refusal(setDunningExemption({ invoiceId: invoice.id, customerId: customer.id, until: at(5), reason: 'Both' }, ctx))).to.equal('dunning_exemption_subject');
    expect(await refusal(setDunningExemption({ invoiceId: invoice.id, until: at(400), reason: 'Forever' }, ctx))).to.equal('dunning_exemption_too_long');
    expect(await refusal(setDunningExemption({ invoiceId: 999_999, until: at(5), reason: 'Nobody' }, ctx))).to.equal('invoice_not_found');
    expect(await DunningExemption.count()).to.equal(0);
  });
});
