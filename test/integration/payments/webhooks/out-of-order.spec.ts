import { expect } from 'chai';
import { paymentsReplayJob } from '../../../../src/jobs/dunning-run.js';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { AuditLog, GatewayEvent, LedgerEntry } from '../../../../src/models/index.js';
import { replayGatewayEvent } from '../../../../src/payments/webhooks/replay-gateway-event.js';
import { receiveWebhook } from '../../../../src/payments/webhooks/receive-webhook.js';
import { createInvoice } from '../../../factories/billing.js';
import { createCustomer } from '../../../factories/identity.js';
import { openInvoice, paymentsOf, reload, runAt, staffCtx, startRails, resetPayments, type Rails } from '../operations/support.js';
import { paidOnCheckout } from './support.js';

describe('Payments: webhook events out of order, failures and replays', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  async function refundAtStripe(intentId: string, amount: number): Promise<Record<string, unknown>> {
    const response = await fetch(`${rails.stripe.url}/v1/refunds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rails.stripe.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `payment_intent=${intentId}&amount=${amount}`,
    });
    return (await response.json()) as Record<string, unknown>;
  }

  it('when a refund arrives before its payment, then it waits, and is booked as soon as the payment arrives', async () => {
    const invoice = await openInvoice(await createCustomer());
    const { intent } = await paidOnCheckout(rails.stripe, invoice);
    const refund = await refundAtStripe(intent.id, 400);

    const early = await receiveWebhook('stripe', rails.stripe.webhook('refund.created', refund), systemCtx());
    const waiting = await GatewayEvent.findOne({ where: { type: 'refund.created' }, rejectOnEmpty: true });
    await receiveWebhook('stripe', rails.stripe.webhook('payment_intent.succeeded', intent), systemCtx());

    expect(early.outcome).to.equal('waiting');
    expect(waiting).to.include({ status: 'received' });
    expect(waiting.error).to.match(/payment_not_recorded|No stripe payment/);
    expect((await GatewayEvent.findByPk(waiting.id, { rejectOnEmpty: true })).status).to.equal('processed');
    const rows = await LedgerEntry.findAll({ where: { invoiceId: invoice.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.kind, Number(r.amountMinor)])).to.deep.equal([['payment', 1000], ['refund', 400]]);
    expect((await reload(invoice)).status).to.equal('paid');
  });

  it('when only charge.refunded arrives, then the payment is booked from the charge and the event waits for the refund event, which completes it', async () => {
    const invoice = await openInvoice(await createCustomer());
    const { intent } = await paidOnCheckout(rails.stripe, invoice);
    const refund = await refundAtStripe(intent.id, 1000);
    const charge = rails.stripe.get(String(intent.latest_charge)) ?? {};

    const first = await receiveWebhook('stripe', rails.stripe.webhook('charge.refunded', charge), systemCtx());
    await receiveWebhook('stripe', rails.stripe.webhook('refund.created', refund), systemCtx());

    expect(first.outcome).to.equal('waiting');
    expect(await paymentsOf(invoice.id)).to.have.length(1);
    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'refund' } })).to.equal(1);
    expect(await GatewayEvent.count({ where: { status: 'processed' } })).to.equal(2);
  });

  it('when a payment cannot be booked yet (invoice still a draft), then the error is on the event; the replay job retries with backoff and staff replay it', async () => {
    clock.set('2030-05-01T10:00:00Z');
    const customer = await createCustomer();
    const invoice = await createInvoice({ customer }, 'draft');
    const paying = await openInvoice(customer);
    const { intent } = await paidOnCheckout(rails.stripe, paying);
    const moved = { ...intent, metadata: { invoice_id: String(invoice.id) } };

    const receipt = await receiveWebhook('stripe', rails.stripe.webhook('payment_intent.succeeded', moved), systemCtx());
    const failed = await GatewayEvent.findOne({ where: { type: 'payment_intent.succeeded' }, rejectOnEmpty: true });
    expect(receipt.outcome).to.equal('failed');
    expect(failed).to.include({ status: 'failed', attempts: 1 });
    expect(failed.error).to.match(/invoice_not_issued|draft/);
    expect(failed.nextAttemptAt?.toISOString()).to.equal('2030-05-01T10:01:00.000Z');

    await runAt(paymentsReplayJob, '2030-05-01T10:01:30Z');
    expect(await GatewayEvent.findByPk(failed.id, { rejectOnEmpty: true })).to.include({ status: 'failed', attempts: 2 });

    await invoice.update({ status: 'open', number: 'INV-DRAFT-1', issuedAt: clock.now(), dueAt: clock.now() });
    const { ctx, staff } = await staffCtx();
    const replayed = await replayGatewayEvent(failed.id, ctx);

    expect(replayed).to.include({ status: 'processed', error: null });
    expect((await reload(invoice)).status).to.equal('paid');
    const audit = await AuditLog.findOne({ where: { action: 'gateway_event.replayed' }, rejectOnEmpty: true });
    expect(audit).to.include({ actorId: staff.id, entityId: String(failed.id) });
  });
});
