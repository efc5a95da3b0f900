import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { AuditLog } from '../../../src/models/index.js';
import { createInvoice, createLedgerEntry } from '../../factories/billing.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { parseRfc4180 } from './csv.js';
import { createStaff, signedIn, type Browser } from './support.js';

const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

async function text(agent: Browser, path: string, query: Record<string, string>): Promise<string> {
  const res = await agent.get(path).query(query).buffer(true).parse((r, cb) => {
    let data = '';
    r.setEncoding('utf8');
    r.on('data', (chunk: string) => (data += chunk));
    r.on('end', () => cb(null, data));
  });
  expect(res.status).to.equal(200);
  return res.body as string;
}

describe('back office: CSV exports and spreadsheet formulas', () => {
  beforeEach(resetDatabase);

  it('when a customer name or memo starts like a formula, then finance reports show it as text, amounts untouched', async () => {
    const finance = await signedIn(await createStaff('finance'));
    const evil = await createCustomer({ company: '=HYPERLINK("http://evil.test","Refund")' });
    clock.set('2026-10-05T08:30:00Z');
    try {
      await createInvoice({ customer: evil, lines: [{ kind: 'manual', description: 'Setup', unitAmountMinor: 1250 }] });
      await createLedgerEntry({ customer: evil, amountMinor: 1250, memo: '@SUM(1+1)', gatewayReference: '-ch_1+2' });
    } finally {
      clock.reset();
    }
    const [invoice] = parseRfc4180(await text(finance, '/admin/reports/invoices.csv', OCTOBER));
    expect(invoice).to.include({ customer: `'=HYPERLINK("http://evil.test","Refund")`, total: '12.50', amount_due: '12.50', email: evil.user!.email });
    const [payment] = parseRfc4180(await text(finance, '/admin/reports/payments.csv', OCTOBER));
    expect(payment).to.include({ customer: `'=HYPERLINK("http://evil.test","Refund")`, memo: "'@SUM(1+1)", gateway_reference: "'-ch_1+2", amount: '12.50' });
  });

  it('when an audit reason starts like a formula, then the audit export shows it as text', async () => {
    const admin = await signedIn(await createStaff('admin'));
    await AuditLog.create({ actorType: 'system', actorId: null, action: 'invoice.voided', entityType: 'invoice', entityId: '-5', reason: '+cmd|/C calc', before: null, after: null });
    const [row] = parseRfc4180(await text(admin, '/admin/exports/audit-log.csv', { 'filters.action': 'invoice.voided' }));
    expect(row).to.include({ reason: "'+cmd|/C calc", entity_id: '-5', action: 'invoice.voided' });
  });
});
