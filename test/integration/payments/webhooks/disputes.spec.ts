import { expect } from 'chai';
import { systemCtx } from '../../../../src/lib/context.js';
import { LedgerEntry, Notification, OutboxMessage } from '../../../../src/models/index.js';
import { receiveWebhook } from '../../../../src/payments/webhooks/receive-webhook.js';
import { completePaypalReturn } from '../../../../src/payments/operations/complete-paypal-return.js';
import { startInvoicePayment } from '../../../../src/payments/operations/start-invoice-payment.js';
import { createCustomer, createStaff } from '../../../factories/identity.js';
import { openInvoice, reload, startRails, resetPayments, type Rails } from '../operations/support.js';
import { paidOnCheckout } from './support.js';

describe('Payments: disputes and chargebacks', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  async function paidInvoice() {
    const invoice = await openInvoice(await createCustomer());
    const { intent, charge } = await paidOnCheckout(rails.stripe, invoice);
    await receiveWebhook('stripe', rails.stripe.webhook('payment_intent.succeeded', intent), systemCtx());
    const dispute = { id: 'dp_test_1', object: 'dispute', amount: 1000, currency: 'usd', charge: charge.id, payment_intent: intent.id, reason: 'fraudulent', status: 'needs_response', metadata: {} };
    return { invoice, dispute };
  }

  it('when a customer disputes a card payment (delivered twice), then one chargeback reopens the invoice flagged disputed and staff are alerted on Discord', async () => {
    await createStaff('finance');
    const { invoice, dispute } = await paidInvoice();
    const delivery = rails.stripe.webhook('charge.dispute.created', dispute);

    await receiveWebhook('stripe', delivery, systemCtx());
    await receiveWebhook('stripe', rails.stripe.webhook('charge.dispute.created', dispute), systemCtx());

    const chargebacks = await LedgerEntry.findAll({ where: { invoiceId: invoice.id, kind: 'chargeback' } });
    expect(chargebacks.map((c) => [Number(c.amountMinor), c.idempotencyKey])).to.deep.equal([[1000, 'stripe:dispute:dp_test_1']]);
    expect(await reload(invoice)).to.include({ status: 'open', disputed: true });
    const posts = await OutboxMessage.findAll({ where: { channel: 'discord', topic: 'payments' } });
    expect(posts).to.have.length(1);
    expect(JSON.stringify(posts[0]!.payload)).to.include('dp_test_1');
    expect(await Notification.count({ where: { type: 'payment.disputed' } })).to.equal(1);
  });

  it('when the dispute is won, then the chargeback is reversed and the invoice is paid again', async () => {
    const { invoice, dispute } = await paidInvoice();
    await receiveWebhook('stripe', rails.stripe.webhook('charge.dispute.created', dispute), systemCtx());

    await receiveWebhook('stripe', rails.stripe.webhook('charge.dispute.closed', { ...dispute, status: 'won' }), systemCtx());

    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'chargeback_reversal' } })).to.equal(1);
    expect(await reload(invoice)).to.include({ status: 'paid', disputed: false });
  });

  it('when the "lost" close arrives before the open, then the chargeback is booked once and stands', async () => {
    const { invoice, dispute } = await paidInvoice();

    await receiveWebhook('stripe', rails.stripe.webhook('charge.dispute.closed', { ...dispute, status: 'lost' }), systemCtx());
    await receiveWebhook('stripe', rails.stripe.webhook('charge.dispute.created', dispute), systemCtx());

    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'chargeback' } })).to.equal(1);
    expect(await reload(invoice)).to.include({ status: 'open', disputed: true });
  });

  it('when the bank only sends an inquiry, then no money moves but staff are told', async () => {
    const { invoice, dispute } = await paidInvoice();

    await receiveWebhook('stripe', rails.stripe.webhook('charge.dispute.created', { ...dispute, status: 'warning_needs_response' }), systemCtx());

    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id, kind: 'chargeback' } })).to.equal(0);
    expect((await reload(invoice)).status).to.equal('paid');
    expect(await OutboxMessage.count({ where: { channel: 'discord' } })).to.equal(1);
  });

  it('when PayPal reports a refund and then a dispute on a capture, then both are booked against it', async () => {
    const customer = await createCustomer();
    const invoice = await openInvoice(customer, { lines: [{ kind: 'manual', description: 'VPS', unitAmountMinor: 2000 }] });
    const started = await startInvoicePayment(invoice.id, 'paypal', systemCtx());
    rails.paypal.approveOrder(started.gatewayRef);
    await completePaypalReturn(started.gatewayRef, systemCtx());
    const captureId = String(((rails.paypal.get(started.gatewayRef)?.purchase_units as Array<{ payments: { captures: Array<{ id: string }> } }>)[0]!.payments.captures[0]!.id));
    const refund = { id: 'REFUND1', status: 'COMPLETED', amount: { currency_code: 'USD', value: '5.00' }, links: [{ rel: 'up', href: `${rails.paypal.url}/v2/payments/captures/${captureId}` }] };
    const dispute = { dispute_id: 'PP-D-1', reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED', stage: 'CHARGEBACK', dispute_amount: { currency_code: 'USD', value: '15.00' }, disputed_transactions: [{ seller_transaction_id: captureId }] };

    await receiveWebhook('paypal', rails.paypal.webhook('PAYMENT.CAPTURE.REFUNDED', refund), systemCtx());
    await receiveWebhook('paypal', rails.paypal.webhook('CUSTOMER.DISPUTE.CREATED', dispute), systemCtx());

    const rows = await LedgerEntry.findAll({ where: { invoiceId: invoice.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.kind, Number(r.amountMinor)])).to.deep.equal([['payment', 2000], ['refund', 500], ['chargeback', 1500]]);
    expect(await reload(invoice)).to.include({ disputed: true });
  });
});
