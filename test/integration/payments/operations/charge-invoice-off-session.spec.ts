import { expect } from 'chai';
import { systemCtx } from '../../../../src/lib/context.js';
import { MailOutbox, PaymentAttempt } from '../../../../src/models/index.js';
import { chargeInvoiceOffSession } from '../../../../src/payments/operations/charge-invoice-off-session.js';
import { customerWithCards, mailsOf, openInvoice, paymentsOf, reload, startRails, resetPayments, type Rails } from './support.js';

describe('Payments: charging an invoice to saved cards (off-session)', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  it('when the default card is charged, then the invoice is paid once under the PaymentIntent and a receipt is queued', async () => {
    const { customer, methods } = await customerWithCards(rails.stripe, 2);
    const invoice = await openInvoice(customer);

    const result = await chargeInvoiceOffSession(invoice.id, systemCtx());

    expect(result.status).to.equal('succeeded');
    const [attempt] = result.attempts;
    expect(attempt).to.include({ status: 'succeeded', paymentMethodId: methods[0]!.id, idempotencyKey: `charge:${invoice.id}:1`, offSession: true });
    const payments = await paymentsOf(invoice.id);
    expect(payments.map((p) => [p.idempotencyKey, Number(p.amountMinor)])).to.deep.equal([[`stripe:payment:${attempt!.gatewayReference}`, 1000]]);
    expect((await reload(invoice)).status).to.equal('paid');
    expect(await mailsOf(customer)).to.deep.equal(['payment-received']);
    expect(rails.stripe.counts().charges).to.equal(1);
  });

  it('when the default card is hard-declined, then the other saved card pays and the declined card is never tried again', async () => {
    const { customer, methods } = await customerWithCards(rails.stripe, 2);
    const first = await openInvoice(customer);
    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'stolen_card' });

    const result = await chargeInvoiceOffSession(first.id, systemCtx());
    const second = await openInvoice(customer);
    const next = await chargeInvoiceOffSession(second.id, systemCtx());

    expect(result.status).to.equal('succeeded');
    expect(result.attempts.map((a) => [a.paymentMethodId, a.status, a.declineType ?? null])).to.deep.equal([
      [methods[0]!.id, 'failed', 'hard'],
      [methods[1]!.id, 'succeeded', null],
    ]);
    expect(next.attempts.map((a) => a.paymentMethodId)).to.deep.equal([methods[1]!.id]);
    expect(rails.stripe.counts()).to.include({ charges: 2, failedCharges: 1 });
  });

  it('when every card is softly declined, then the invoice stays open with the decline code and no payment', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const invoice = await openInvoice(customer);
    rails.stripe.nextCharge({ kind: 'decline', declineCode: 'insufficient_funds' });

    const result = await chargeInvoiceOffSession(invoice.id, systemCtx());

    expect(result).to.include({ status: 'failed', declineCode: 'insufficient_funds' });
    expect(result.attempts[0]).to.include({ status: 'failed', declineType: 'soft', failureCode: 'insufficient_funds' });
    expect((await reload(invoice)).status).to.equal('open');
    expect(await paymentsOf(invoice.id)).to.have.length(0);
  });

  it('when the bank asks for 3-D Secure, then the invoice stays open and the customer is mailed the authentication link', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const invoice = await openInvoice(customer);
    rails.stripe.nextCharge({ kind: 'requires_action' });

    const result = await chargeInvoiceOffSession(invoice.id, systemCtx());

    expect(result.status).to.equal('requires_action');
    expect(result.actionUrl).to.match(/\/3ds\/pi_/);
    expect(result.attempts[0]).to.include({ status: 'requires_action', actionUrl: result.actionUrl });
    expect((await reload(invoice)).status).to.equal('open');
    const mail = await MailOutbox.findOne({ where: { template: 'payment-action-required' }, rejectOnEmpty: true });
    expect(mail.text).to.include(result.actionUrl);
    expect(mail.html).to.include(`/account/billing/invoices/${invoice.id}`);
  });

  it('when Stripe is unreachable, then the attempt stays pending and the next run repeats its key: one charge', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const invoice = await openInvoice(customer);
    rails.stripe.failNext(3, 500);

    const failing = await chargeInvoiceOffSession(invoice.id, systemCtx()).catch((err: unknown) => err);
    const retried = await chargeInvoiceOffSession(invoice.id, systemCtx());

    expect(failing).to.have.property('code', 'gateway_unavailable');
    expect(retried.status).to.equal('succeeded');
    expect(await PaymentAttempt.count({ where: { invoiceId: invoice.id } })).to.equal(1);
    expect(rails.stripe.counts().charges).to.equal(1);
  });

  it('when the customer has no usable card, then nothing is charged', async () => {
    const { customer } = await customerWithCards(rails.stripe, 0);
    const invoice = await openInvoice(customer);

    expect((await chargeInvoiceOffSession(invoice.id, systemCtx())).status).to.equal('no_method');
    expect(rails.stripe.counts().paymentIntents).to.equal(0);
  });
});
