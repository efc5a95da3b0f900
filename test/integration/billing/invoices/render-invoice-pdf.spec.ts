import { expect } from 'chai';
import { voidInvoice } from '../../../../src/billing/invoices/void-invoice.js';
import { recordPayment } from '../../../../src/billing/ledger/record-payment.js';
import { recordRefund } from '../../../../src/billing/ledger/record-refund.js';
import { renderCreditNotePdf, renderInvoicePdf } from '../../../../src/billing/pdf/render-invoice-pdf.js';
import { createTaxRate } from '../../../factories/billing.js';
import { createCustomer } from '../../../factories/identity.js';
import { pdfPlainText } from '../../../unit/billing/pdf/pdf-text.js';
import { bill, freshBilling, line, staff, sys, useSeller } from './support.js';

describe('billing / invoice and credit note PDFs', () => {
  beforeEach(freshBilling);

  it('when a paid invoice is rendered, then its PDF shows the number, parties, tax, totals, the payment and PAID', async () => {
    await useSeller('NL');
    await createTaxRate({ country: 'NL', name: 'BTW', rateBp: 2100 });
    const customer = await createCustomer({ company: 'Dutch Games B.V.', billingCountry: 'NL', billingCity: 'Utrecht', currency: 'EUR' });
    const invoice = await bill(customer, [line(10_000, { description: 'Dedicated server' })]);
    await recordPayment({ invoiceId: invoice.id, amountMinor: 12_100, currency: 'EUR', gateway: 'stripe', gatewayReference: 'ch_77', idempotencyKey: 'stripe:charge:ch_77' }, sys());
    const text = pdfPlainText(await renderInvoicePdf(invoice.id));
    for (const expected of ['INV-2025-000001', 'EZSCALE B.V.', 'Tax ID: NL123456789B01', 'Dutch Games B.V.', 'Dedicated server', 'BTW 21% on €100.00', '€21.00', 'Total', '€121.00', 'Payment by card (Stripe) (ch_77)', 'PAID']) {
      expect(text).to.include(expected);
    }
    expect(text).not.to.include('UNPAID');
  });

  it('when an invoice is open, reverse charged or void, then the stamp and note say so', async () => {
    await useSeller('NL');
    const open = await bill(await createCustomer({}, 'eur', 'business'), 4_999);
    const openText = pdfPlainText(await renderInvoicePdf(open.id));
    expect(openText).to.include('UNPAID');
    expect(openText).to.include('Reverse charge: VAT to be accounted for by the recipient');
    await voidInvoice(open.id, 'Issued in error', await staff());
    expect(pdfPlainText(await renderInvoicePdf(open.id))).to.include('VOID');
  });

  it('when a refund credit note is rendered, then it names the invoice it corrects, its amount and where the money went', async () => {
    const invoice = await bill(await createCustomer(), 5_000);
    await recordPayment({ invoiceId: invoice.id, amountMinor: 5_000, currency: 'USD', gateway: 'stripe', idempotencyKey: 'ch_cn' }, sys());
    const { creditNote } = await recordRefund({ invoiceId: invoice.id, amountMinor: 1_500, currency: 'USD', to: 'gateway', gateway: 'stripe', gatewayReference: 're_5', reason: 'Downtime', idempotencyKey: 're_5' }, await staff());
    const text = pdfPlainText(await renderCreditNotePdf(creditNote.id));
    for (const expected of ['CREDIT NOTE', 'CN-2025-000001', 'Credits invoice: INV-2025-000001', 'Refund of invoice INV-2025-000001', '$15.00', 'Reason: Downtime', 'Refunded to: original payment method']) {
      expect(text).to.include(expected);
    }
    expect(pdfPlainText(await renderInvoicePdf(invoice.id))).to.include('Credit note CN-2025-000001');
  });
});
