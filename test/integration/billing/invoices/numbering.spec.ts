import { expect } from 'chai';
import { allocateDocumentNumbers, allocateNumbers, formatDocumentNumber, sequenceNameFor } from '../../../../src/billing/numbering.js';
import { createDraftInvoice } from '../../../../src/billing/invoices/create-draft-invoice.js';
import { issueInvoice } from '../../../../src/billing/invoices/issue-invoice.js';
import { sequelize } from '../../../../src/db/sequelize.js';
import { clock } from '../../../../src/lib/clock.js';
import { Invoice } from '../../../../src/models/index.js';
import { setSetting } from '../../../../src/settings/index.js';
import { createCustomer } from '../../../factories/identity.js';
import { failure, freshBilling, line, staff, sys } from './support.js';

describe('billing / invoice numbering', () => {
  beforeEach(freshBilling);

  it('when numbers are formatted, then the year, month and zero-padded sequence appear', () => {
    const at = new Date('2025-03-10T12:00:00Z');
    expect(formatDocumentNumber('INV-{YYYY}-{SEQ:6}', 42, at)).to.equal('INV-2025-000042');
    expect(formatDocumentNumber('{YY}{MM}-{SEQ}', 7, at)).to.equal('2503-7');
    expect(sequenceNameFor('invoice', 'INV-{YYYY}-{SEQ:6}', at)).to.equal('invoice:2025');
    expect(sequenceNameFor('credit_note', 'CN-{SEQ:6}', at)).to.equal('credit_note');
  });

  it('when 20 drafts are issued at once, then they get 1..20 without gaps or duplicates', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const drafts = [];
    for (let i = 0; i < 20; i += 1) drafts.push(await createDraftInvoice({ customerId: customer.id, lines: [line(1000 + i)] }, ctx));
    await Promise.all(drafts.map((d) => issueInvoice(d.id, ctx)));
    const numbers = (await Invoice.findAll({ order: [['number', 'ASC']] })).map((i) => i.number);
    expect(numbers).to.deep.equal(Array.from({ length: 20 }, (_, i) => `INV-2025-${String(i + 1).padStart(6, '0')}`));
  });

  it('when issuing fails after the number was drawn, then the number is given back', async () => {
    const ctx = await staff();
    const customer = await createCustomer();
    const ok = await createDraftInvoice({ customerId: customer.id, lines: [line(500)] }, ctx);
    const empty = await createDraftInvoice({ customerId: customer.id }, ctx);
    await issueInvoice(ok.id, ctx);
    expect((await failure(issueInvoice(empty.id, ctx))).code).to.equal('invoice_empty');
    const next = await createDraftInvoice({ customerId: customer.id, lines: [line(700)] }, ctx);
    expect((await issueInvoice(next.id, ctx)).number).to.equal('INV-2025-000002');
  });

  it('when a batch allocates numbers, then they are consecutive and the next single number follows them', async () => {
    const batch = await sequelize().transaction((t) => allocateDocumentNumbers('invoice', 3, clock.now(), t));
    expect(batch).to.deep.equal(['INV-2025-000001', 'INV-2025-000002', 'INV-2025-000003']);
    const raw = await sequelize().transaction((t) => allocateNumbers('invoice:2025', 2, t));
    expect(raw).to.deep.equal([4, 5]);
  });

  it('when the year changes, then numbering restarts for the new year; a format without a year keeps counting', async () => {
    const first = await sequelize().transaction((t) => allocateDocumentNumbers('invoice', 2, new Date('2025-12-31T23:00:00Z'), t));
    const next = await sequelize().transaction((t) => allocateDocumentNumbers('invoice', 1, new Date('2026-01-01T00:30:00Z'), t));
    expect([...first, ...next]).to.deep.equal(['INV-2025-000001', 'INV-2025-000002', 'INV-2026-000001']);
    await setSetting('billing.credit_note_number_format', 'CN{SEQ:4}', sys());
    const a = await sequelize().transaction((t) => allocateDocumentNumbers('credit_note', 1, new Date('2025-12-31T23:00:00Z'), t));
    const b = await sequelize().transaction((t) => allocateDocumentNumbers('credit_note', 1, new Date('2026-01-01T00:30:00Z'), t));
    expect([...a, ...b]).to.deep.equal(['CN0001', 'CN0002']);
  });
});
