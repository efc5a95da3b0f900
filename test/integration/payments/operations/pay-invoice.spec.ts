import { expect } from 'chai';
import { systemCtx } from '../../../../src/lib/context.js';
import { AuditLog, LedgerEntry, PaymentAttempt, PaymentMethod } from '../../../../src/models/index.js';
import { bankTransferDetails } from '../../../../src/payments/bank-transfer/transfer-details.js';
import { recordBankTransferPayment } from '../../../../src/payments/bank-transfer/record-bank-transfer-payment.js';
import { completePaypalReturn } from '../../../../src/payments/operations/complete-paypal-return.js';
import { startInvoicePayment } from '../../../../src/payments/operations/start-invoice-payment.js';
import { availableGateways } from '../../../../src/payments/registry.js';
import { receiveWebhook } from '../../../../src/payments/webhooks/receive-webhook.js';
import { setSetting } from '../../../../src/settings/index.js';
import { createCustomer } from '../../../factories/identity.js';
import { customerCtx, mailsOf, openInvoice, paymentsOf, reload, staffCtx, startRails, resetPayments, type Rails } from './support.js';

describe('Payments: a customer pays an open invoice', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  it('when the rails are configured, then card, PayPal and bank transfer are offered', () => {
    expect(availableGateways()).to.deep.equal(['stripe', 'paypal', 'bank_transfer']);
  });

  it('when the customer pays by card (twice clicked), then one Checkout page opens; once paid there, the invoice is paid and the card kept', async () => {
    const customer = await createCustomer();
    const invoice = await openInvoice(customer);
    const ctx = customerCtx(customer);

    const first = await startInvoicePayment(invoice.id, 'stripe', ctx);
    const again = await startInvoicePayment(invoice.id, 'stripe', ctx);
    const session = rails.stripe.completeCheckout(first.gatewayRef);
    await receiveWebhook('stripe', rails.stripe.webhook('checkout.session.completed', session), systemCtx());

    expect(again).to.deep.equal(first);
    expect(rails.stripe.counts().checkoutSessions).to.equal(1);
    expect(rails.stripe.get(first.gatewayRef)).to.include({ mode: 'payment', amount_total: 1000, client_reference_id: String(invoice.id) });
    expect((await reload(invoice)).status).to.equal('paid');
    expect((await paymentsOf(invoice.id)).map((p) => p.idempotencyKey)).to.deep.equal([`stripe:payment:${String(session.payment_intent)}`]);
    expect(await PaymentAttempt.findByPk(first.attemptId ?? 0)).to.include({ status: 'succeeded' });
    expect(await PaymentMethod.count({ where: { customerId: customer.id, detachedAt: null, isDefault: true } })).to.equal(1);
    expect(await mailsOf(customer)).to.deep.equal(['payment-received']);
  });

  it('when the customer pays with PayPal, approves and comes back (and PayPal also calls), then the order is captured once and the invoice paid', async () => {
    const customer = await createCustomer();
    const invoice = await openInvoice(customer);
    const ctx = customerCtx(customer);

    const started = await startInvoicePayment(invoice.id, 'paypal', ctx);
    const approval = await fetch(started.redirectUrl, { method: 'POST', redirect: 'manual' });
    const back = new URL(approval.headers.get('location') ?? '');
    const returned = await completePaypalReturn(back.searchParams.get('token') ?? '', ctx);
    const returnedAgain = await completePaypalReturn(started.gatewayRef, ctx);
    const order = rails.paypal.get(started.gatewayRef) as unknown as { purchase_units: Array<{ payments: { captures: Array<Record<string, unknown>> } }> };
    const capture = order.purchase_units[0]!.payments.captures[0]!;
    const hook = await receiveWebhook('paypal', rails.paypal.webhook('PAYMENT.CAPTURE.COMPLETED', capture), systemCtx());

    expect(back.pathname).to.equal(`/account/billing/invoices/${invoice.id}/paypal/return`);
    expect(returned).to.deep.equal({ status: 'paid', invoiceId: invoice.id, redirectUrl: null, message: null });
    expect(returnedAgain.status).to.equal('paid');
    expect(hook.outcome).to.equal('processed');
    expect(rails.paypal.counts().captures).to.equal(1);
    expect((await paymentsOf(invoice.id)).map((p) => p.idempotencyKey)).to.deep.equal([`paypal:payment:${String(capture.id)}`]);
    expect((await reload(invoice)).status).to.equal('paid');
  });

  it("when someone opens another customer's invoice or PayPal order, then it is not found", async () => {
    const owner = await createCustomer();
    const invoice = await openInvoice(owner);
    const stranger = customerCtx(await createCustomer());
    const started = await startInvoicePayment(invoice.id, 'paypal', customerCtx(owner));

    const paying = await startInvoicePayment(invoice.id, 'stripe', stranger).catch((err: unknown) => err);
    const capturing = await completePaypalReturn(started.gatewayRef, stranger).catch((err: unknown) => err);

    expect(paying).to.have.property('code', 'invoice_not_found');
    expect(capturing).to.have.property('code', 'payment_attempt_not_found');
    expect(rails.stripe.counts().checkoutSessions).to.equal(0);
  });

  it('when an invoice is paid already, then paying it again is refused', async () => {
    const customer = await createCustomer();
    const invoice = await openInvoice(customer);
    await invoice.update({ status: 'paid', amountDueMinor: 0, paidAt: new Date() });

    const error = await startInvoicePayment(invoice.id, 'stripe', customerCtx(customer)).catch((err: unknown) => err);

    expect(error).to.have.property('code', 'invoice_not_payable');
  });

  it('when bank transfer is chosen, then the invoice shows our account and its number as reference; staff record the transfer once and it is audited', async () => {
    await setSetting('payments.bank_transfer', { enabled: true, accountHolder: 'EZSCALE LLC', bankName: 'Test Bank', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountNumber: '', routingNumber: '', instructions: 'Use the reference' }, (await staffCtx()).ctx);
    const customer = await createCustomer();
    const invoice = await openInvoice(customer);
    const { ctx: finance, staff } = await staffCtx('finance');

    const started = await startInvoicePayment(invoice.id, 'bank_transfer', customerCtx(customer));
    const details = await bankTransferDetails(invoice.id);
    const input = { invoiceId: invoice.id, amountMinor: 1000, reference: 'STMT-2025-0042', receivedOn: '2025-01-02' };
    const first = await recordBankTransferPayment(input, finance);
    const second = await recordBankTransferPayment(input, finance);
    const refused = await recordBankTransferPayment(input, customerCtx(customer)).catch((err: unknown) => err);

    expect(started.redirectUrl).to.match(new RegExp(`/account/billing/invoices/${invoice.id}#bank-transfer$`));
    expect(details).to.include({ accountHolder: 'EZSCALE LLC', iban: 'DE89370400440532013000', reference: invoice.number, amountDueMinor: 1000 });
    expect([first.duplicate, second.duplicate]).to.deep.equal([false, true]);
    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'payment', gateway: 'bank_transfer' } })).to.equal(1);
    expect((await reload(invoice)).status).to.equal('paid');
    expect(await bankTransferDetails(invoice.id)).to.equal(null);
    expect(refused).to.have.property('code', 'forbidden');
    const audit = await AuditLog.findOne({ where: { action: 'invoice.payment_recorded', entityId: String(invoice.id) }, rejectOnEmpty: true });
    expect(audit).to.include({ actorType: 'staff', actorId: staff.id });
    expect(audit.after).to.include({ gateway: 'bank_transfer', reference: 'STMT-2025-0042' });
  });
});
