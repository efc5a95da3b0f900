import { expect } from 'chai';
import { drawDocument } from '../../../../src/billing/pdf/draw-document.js';
import { type DocumentView, pdfText } from '../../../../src/billing/pdf/pdf-view.js';
import { pdfPageCount, pdfPlainText } from './pdf-text.js';

const view = (over: Partial<DocumentView> = {}): DocumentView => ({
  title: 'Invoice',
  number: 'INV-2025-000042',
  stamp: 'PAID',
  currency: 'EUR',
  facts: [['Invoice date', '2025-03-10'], ['Due date', '2025-03-17']],
  seller: { name: 'EZSCALE B.V.', lines: ['Keizersgracht 1', '1015 CJ Amsterdam', 'NL'], email: 'billing@ezscale.test', taxId: 'NL123456789B01' },
  buyer: { name: 'Müller Hosting GmbH', lines: ['Hauptstr. 5', '10115 Berlin', 'DE'], taxId: 'DE123456789' },
  lines: [{ description: 'VPS Large', detail: '2025-03-10 - 2025-04-10', quantity: 1, unitMinor: 4999, taxRateBp: 0, amountMinor: 4999 }],
  taxes: [{ name: 'Reverse charge', rateBp: 0, taxableMinor: 4999, taxMinor: 0 }],
  taxInclusive: false,
  subtotalMinor: 4999,
  discountMinor: 0,
  taxMinor: 0,
  totalMinor: 4999,
  amountDueMinor: 0,
  movements: [{ date: new Date('2025-03-11T00:00:00Z'), description: 'Payment by card (Stripe) (ch_1)', amountMinor: 4999 }],
  notes: ['Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).'],
  createdAt: new Date('2025-03-10T12:00:00Z'),
  ...over,
});

describe('billing / pdf / drawDocument', () => {
  it('when an invoice is drawn, then the PDF shows parties with tax ids, number, dates, lines, tax, totals, payments, stamp and note', async () => {
    const text = pdfPlainText(await drawDocument(view()));
    for (const expected of ['EZSCALE B.V.', 'Tax ID: NL123456789B01', 'Müller Hosting GmbH', 'Tax ID: DE123456789', 'INVOICE', 'INV-2025-000042', 'Invoice date: 2025-03-10', 'Due date: 2025-03-17', 'VPS Large', '2025-03-10 - 2025-04-10', 'Reverse charge 0% on €49.99', 'Total', '€49.99', 'Payment by card (Stripe) (ch_1) (2025-03-11)', '-€49.99', 'Amount due', '€0.00', 'PAID', 'Reverse charge: VAT to be accounted for by the recipient']) {
      expect(text).to.include(expected);
    }
  });

  it('when the same view is drawn twice, then the bytes are identical', async () => {
    const [a, b] = await Promise.all([drawDocument(view()), drawDocument(view())]);
    expect(a.equals(b)).to.equal(true);
  });

  it('when an invoice has many lines, then it flows onto numbered pages with the table header repeated', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => ({ description: `Game server #${i + 1}`, quantity: 1, unitMinor: 100, taxRateBp: 2100, amountMinor: 100 }));
    const pdf = await drawDocument(view({ lines, stamp: 'UNPAID' }));
    const pages = pdfPageCount(pdf);
    expect(pages).to.be.greaterThan(1);
    const text = pdfPlainText(pdf);
    expect(text).to.include(`Page ${pages} of ${pages}`);
    expect(text).to.include('Game server #80');
    expect(text.match(/Unit price/g)?.length).to.equal(pages);
  });

  it('when names use letters outside the PDF fonts, then they are printed without accents instead of garbage', () => {
    expect(pdfText('Zażółć Łódź 中')).to.equal('Zazólc Lódz ?');
    expect(pdfText('Café – “quoted” €5')).to.equal('Café – “quoted” €5');
  });

  it('when a credit note is drawn, then it is titled as one and has no amount due', async () => {
    const text = pdfPlainText(await drawDocument(view({ title: 'Credit note', number: 'CN-2025-000001', stamp: 'CREDIT NOTE', amountDueMinor: null, movements: [] })));
    expect(text).to.include('CREDIT NOTE');
    expect(text).to.include('CN-2025-000001');
    expect(text).not.to.include('Amount due');
  });
});
