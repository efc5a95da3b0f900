import { expect } from 'chai';
import { systemCtx } from '../../../../src/lib/context.js';
import { GatewayEvent, LedgerEntry, Notification, PaymentAttempt } from '../../../../src/models/index.js';
import { completePaypalReturn } from '../../../../src/payments/operations/complete-paypal-return.js';
import { startInvoicePayment } from '../../../../src/payments/operations/start-invoice-payment.js';
import { receiveWebhook } from '../../../../src/payments/webhooks/receive-webhook.js';
import { createCustomer, createStaff } from '../../../factories/identity.js';
import { openInvoice, reload, resetPayments, startRails, type Rails } from '../operations/support.js';

describe('Payments: PayPal capture webhooks (denied, refunded, reversed)', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  async function paypalInvoice() {
    const invoice = await openInvoice(await createCustomer(), { lines: [{ kind: 'manual', description: 'VPS', unitAmountMinor: 2000 }] });
    const started = await startInvoicePayment(invoice.id, 'paypal', systemCtx());
    rails.paypal.approveOrder(started.gatewayRef);
    return { invoice, orderId: started.gatewayRef };
  }

  async function paidWithPaypal() {
    const { invoice, orderId } = await paypalInvoice();
    await completePaypalReturn(orderId, systemCtx());
    const order = rails.paypal.get(orderId) as unknown as { purchase_units: Array<{ payments: { captures: Array<{ id: string }> } }> };
    return { invoice, orderId, captureId: order.purchase_units[0]!.payments.captures[0]!.id };
  }

  it('when PayPal denies the capture (delivered twice), then the attempt fails, the invoice stays open to pay and no money is booked', async () => {
    const { invoice, orderId } = await paypalInvoice();
    const denied = {
      id: 'CAPTURE-DENIED-1', status: 'DENIED', amount: { currency_code: 'USD', value: '20.00' },
      status_details: { reason: 'BUYER_COMPLAINT' }, supplementary_data: { related_ids: { order_id: orderId } },
    };
    const delivery = rails.paypal.webhook('PAYMENT.CAPTURE.DENIED', denied);

    const first = await receiveWebhook('paypal', delivery, systemCtx());
    await receiveWebhook('paypal', delivery, systemCtx());

    expect(first.outcome).to.equal('processed');
    const attempt = await PaymentAttempt.findOne({ where: { gateway: 'paypal', gatewayReference: orderId }, rejectOnEmpty: true });
    expect(attempt).to.include({ status: 'failed', failureCode: 'BUYER_COMPLAINT' });
    expect(await reload(invoice)).to.include({ status: 'open', amountDueMinor: 2000 });
    expect(await LedgerEntry.count({ where: { invoiceId: invoice.id } })).to.equal(0);
    expect(await GatewayEvent.count({ where: { gateway: 'paypal' } })).to.equal(1);
  });

  it('when PayPal refunds the whole capture by webhook (delivered twice), then one refund is booked and the invoice stays settled', async () => {
    const { invoice, captureId } = await paidWithPaypal();
    const refund = { id: 'REFUND-FULL-1', status: 'COMPLETED', amount: { currency_code: 'USD', value: '20.00' }, links: [{ rel: 'up', href: `${rails.paypal.url}/v2/payments/captures/${captureId}` }] };
    const delivery = rails.paypal.webhook('PAYMENT.CAPTURE.REFUNDED', refund);

    await receiveWebhook('paypal', delivery, systemCtx());
    await receiveWebhook('paypal', delivery, systemCtx());

    const rows = await LedgerEntry.findAll({ where: { invoiceId: invoice.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.kind, Number(r.amountMinor)])).to.deep.equal([['payment', 2000], ['refund', 2000]]);
    expect(await reload(invoice)).to.include({ status: 'paid', amountDueMinor: 0 });
  });

  it('when PayPal reverses a capture (delivered twice), then one chargeback reopens the invoice flagged disputed and staff are told', async () => {
    const staff = await createStaff('finance');
    const { invoice, captureId } = await paidWithPaypal();
    const reversed = { id: captureId, status: 'REVERSED', amount: { currency_code: 'USD', value: '20.00' }, supplementary_data: { related_ids: { order_id: 'ignored' } } };
    const delivery = rails.paypal.webhook('PAYMENT.CAPTURE.REVERSED', reversed);

    await receiveWebhook('paypal', delivery, systemCtx());
    await receiveWebhook('paypal', delivery, systemCtx());

    const rows = await LedgerEntry.findAll({ where: { invoiceId: invoice.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.kind, Number(r.amountMinor)])).to.deep.equal([['payment', 2000], ['chargeback', 2000]]);
    expect(await reload(invoice)).to.include({ status: 'open', disputed: true, amountDueMinor: 2000 });
    expect(await Notification.count({ where: { userId: staff.id } })).to.equal(1);
  });
});
