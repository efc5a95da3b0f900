import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog, DunningExemption } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, expectForbidden, signedIn } from './support.js';

describe('back office: dunning exemption', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await resetDatabase();
    clock.set('2026-11-25T12:00:00Z');
  });

  afterEach(() => clock.reset());

  it('when finance exempts an open invoice until a day with a reason, then the exemption runs to the end of that day and is audited; an empty day lifts it', async () => {
    const invoice = await createInvoice({}, 'open');
    const finance = await signedIn(await createStaff('finance'));

    const set = await apiAction(finance, 'invoices', 'dunningExemption', { recordId: invoice.id, payload: { until: '2026-12-10', reason: 'Customer promised to pay on the 10th' } });
    expect(set.body.notice).to.deep.include({ type: 'success', message: 'dunningExemptionSet' });
    const row = await DunningExemption.findOne({ where: { invoiceId: invoice.id } });
    expect(row?.exemptUntil.toISOString()).to.equal('2026-12-10T23:59:59.000Z');
    expect(row?.reason).to.equal('Customer promised to pay on the 10th');
    expect(await AuditLog.count({ where: { action: 'dunning.exemption_set' } })).to.equal(1);

    await apiAction(finance, 'invoices', 'dunningExemption', { recordId: invoice.id, payload: { until: '', reason: 'Paid by phone' } });
    expect(await AuditLog.count({ where: { action: 'dunning.exemption_lifted' } })).to.equal(1);
  });

  it('when the reason is missing, then nothing is saved; when support tries it on a customer, then it is refused', async () => {
    const customer = await createCustomer();
    const invoice = await createInvoice({ customer }, 'open');
    const finance = await signedIn(await createStaff('finance'));
    const missing = await apiAction(finance, 'invoices', 'dunningExemption', { recordId: invoice.id, payload: { until: '2026-12-10', reason: '' } });
    expect(missing.body.notice?.type).to.equal('error');

    const support = await signedIn(await createStaff('support'));
    expectForbidden(await apiAction(support, 'customers', 'dunningExemption', { recordId: customer.id, payload: { until: '2026-12-10', reason: 'Trying' } }));
    expect(await DunningExemption.count()).to.equal(0);
  });
});
