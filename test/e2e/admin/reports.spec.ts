import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog, LedgerEntry, type Customer } from '../../../src/models/index.js';
import { createInvoice, createLedgerEntry } from '../../factories/billing.js';
import { createSubscription } from '../../factories/commerce.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { browser, createStaff, signedIn, type Browser } from './support.js';

const HEADER = 'number,issued_at,due_at,paid_at,status,kind,customer_id,customer,email,country,currency,subtotal,discount,tax,total,amount_due\r\n';
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

/** Runs factories at a fixed instant, then gives the clock back (sign-in and sessions use the real one). */
async function atTime<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  clock.set(iso);
  try {
    return await fn();
  } finally {
    clock.reset();
  }
}

describe('back office: finance reports', () => {
  let finance: Browser;
  let acme: Customer;
  let tanaka: Customer;
  let usdNumber: string;
  let jpyNumber: string;

  beforeEach(async () => {
    await resetDatabase();
    finance = await signedIn(await createStaff('finance'));
    acme = await createCustomer({ company: 'Acme, "Best"\nHosting' });
    tanaka = await createCustomer({ company: 'Tanaka KK', currency: 'JPY', billingCountry: 'JP', billingRegion: null });
    usdNumber = (await atTime('2026-10-05T08:30:00Z', () => createInvoice({ customer: acme, lines: [{ kind: 'manual', description: 'Setup', unitAmountMinor: 1250 }] }, 'taxed'))).number!;
    jpyNumber = (await atTime('2026-10-06T09:00:00Z', () => createInvoice({ customer: tanaka, lines: [{ kind: 'manual', description: 'Setup', unitAmountMinor: 1250 }] }))).number!;
    // Outside the range: not exported.
    await atTime('2026-11-02T09:00:00Z', () => createInvoice({ customer: acme }));
  });

  it('when finance downloads the invoices report, then the CSV bytes are RFC 4180 with decimal amounts and a currency column', async () => {
    const res = await finance.get('/admin/reports/invoices.csv').query({ ...OCTOBER, currency: 'ALL' });
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.equal('attachment; filename="invoices-2026-10-01-to-2026-10-31.csv"');
    expect(res.text).to.equal(
      HEADER +
        `${usdNumber},2026-10-05T08:30:00.000Z,2026-10-12T08:30:00.000Z,,open,manual,${acme.id},"Acme, ""Best""\nHosting",${acme.user!.email},US,USD,12.50,0.00,2.50,15.00,15.00\r\n` +
        `${jpyNumber},2026-10-06T09:00:00.000Z,2026-10-13T09:00:00.000Z,,open,manual,${tanaka.id},Tanaka KK,${tanaka.user!.email},JP,JPY,1250,0,0,1250,1250\r\n`,
    );
  });

  it('when finance asks for one currency, then only that currency is exported', async () => {
    const res = await finance.get('/admin/reports/invoices.csv').query({ ...OCTOBER, currency: 'JPY' });
    expect(res.status).to.equal(200);
    expect(res.text.split('\r\n').filter(Boolean)).to.have.length(2);
    expect(res.text).to.contain(`${jpyNumber},`).and.not.contain(`${usdNumber},`);
  });

  it('when finance downloads payments, tax and MRR movements, then each row holds the exact figures', async () => {
    await atTime('2026-10-07T10:00:00Z', () => createLedgerEntry({ customer: acme, amountMinor: 1500, memo: 'Paid, thanks', gatewayReference: 'ch_1' }));
    await createSubscription({ customer: acme, cycle: 'quarterly', priceMinor: 3000, startedAt: new Date('2026-10-03T00:00:00Z') });
    const payments = await finance.get('/admin/reports/payments.csv').query(OCTOBER);
    const id = (await LedgerEntry.findOne())!.id;
    expect(payments.text.split('\r\n')[1]).to.equal(`${id},2026-10-07T10:00:00.000Z,payment,,,${acme.id},"Acme, ""Best""\nHosting",${acme.user!.email},stripe,ch_1,USD,15.00,"Paid, thanks"`);
    const tax = await finance.get('/admin/reports/tax.csv').query(OCTOBER);
    expect(tax.text).to.equal('country,region,tax,rate_percent,currency,invoices,taxable_amount,tax_amount\r\nDE,,VAT,20.00,USD,1,12.50,2.50\r\n');
    const mrr = await finance.get('/admin/reports/mrr-movements.csv').query(OCTOBER);
    expect(mrr.text).to.equal(
      'month,currency,start_mrr,new,expansion,contraction,churn,reactivation,end_mrr,customers_start,customers_end,new_customers,churned_customers\r\n' +
        '2026-10,USD,0.00,10.00,0.00,0.00,0.00,0.00,10.00,0,1,1,0\r\n',
    );
  });

  it('when finance exports, then the audit log records who exported which report for which range', async () => {
    const aged = await finance.get('/admin/reports/aged-receivables.csv').query({ ...OCTOBER, currency: 'USD' });
    // As of Oct 31 the USD invoice (due Oct 12) is 19 days past due.
    expect(aged.text.split('\r\n')[1]).to.equal(`${acme.id},"Acme, ""Best""\nHosting",${acme.user!.email},USD,0.00,15.00,0.00,0.00,0.00,15.00,1`);
    const rows = await AuditLog.findAll({ where: { action: 'report.exported' } });
    expect(rows).to.have.length(1);
    expect(rows[0]).to.deep.include({ actorType: 'staff', entityType: 'report', entityId: 'aged-receivables' });
    expect(rows[0]!.after).to.deep.equal({ report: 'aged-receivables', from: '2026-10-01', to: '2026-10-31', currency: 'USD' });
  });

  it('when support downloads a report, then it is refused with 403 and nothing is exported or audited', async () => {
    const support = await signedIn(await createStaff('support'));
    const res = await support.get('/admin/reports/invoices.csv').query(OCTOBER);
    expect(res.status).to.equal(403);
    expect(res.text).to.not.contain(usdNumber);
    expect(await AuditLog.count({ where: { action: 'report.exported' } })).to.equal(0);
  });

  it('when nobody is signed in, then a download goes to the sign-in page', async () => {
    const res = await (await browser()).get('/admin/reports/invoices.csv').query(OCTOBER);
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/admin/login');
  });

  it('when an admin downloads, then it is allowed; a bad range or an unknown report is refused with the reason', async () => {
    const admin = await signedIn(await createStaff('admin'));
    expect((await admin.get('/admin/reports/refunds.csv').query(OCTOBER)).status).to.equal(200);
    const backwards = await finance.get('/admin/reports/invoices.csv').query({ from: '2026-10-31', to: '2026-10-01' });
    expect(backwards.status).to.equal(400);
    expect(backwards.text).to.equal('to must not be before from');
    const badDate = await finance.get('/admin/reports/invoices.csv').query({ from: '2026-02-30', to: '2026-03-01' });
    expect(badDate.status).to.equal(400);
    expect((await finance.get('/admin/reports/nope.csv').query(OCTOBER)).status).to.equal(404);
    expect(await AuditLog.count({ where: { action: 'report.exported' } })).to.equal(1);
  });

  it('when finance opens the Reports page, then it lists every export; support gets a refusal and no list', async () => {
    const page = await finance.get('/admin/api/pages/reports');
    expect(page.status).to.equal(200);
    expect(page.body.allowed).to.equal(true);
    expect(page.body.reports.map((r: { name: string }) => r.name)).to.deep.equal([
      'invoices', 'payments', 'refunds', 'tax', 'revenue-by-plan', 'mrr-movements', 'overage', 'aged-receivables',
    ]);
    const support = await signedIn(await createStaff('support'));
    const refused = await support.get('/admin/api/pages/reports');
    expect(refused.body).to.deep.include({ allowed: false, reports: [] });
  });
});
