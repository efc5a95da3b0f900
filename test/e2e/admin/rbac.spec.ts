import { expect } from 'chai';
import { AdminNote, AuditLog, Customer, Invoice, LedgerEntry, User } from '../../../src/models/index.js';
import { createInvoice, createLedgerEntry } from '../../factories/billing.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, expectForbidden, signedIn, type Browser } from './support.js';

describe('back office: roles', () => {
  let admin: Browser;
  let support: Browser;
  let finance: Browser;

  beforeEach(async () => {
    await resetDatabase();
    [admin, support, finance] = await Promise.all([signedIn(await createStaff('admin')), signedIn(await createStaff('support')), signedIn(await createStaff('finance'))]);
  });

  it('when support lists invoices or the ledger, then AdminJS refuses while finance gets the records', async () => {
    const invoice = await createInvoice();
    await createLedgerEntry({ invoice });
    for (const table of ['invoices', 'ledger_entries']) {
      expectForbidden(await apiAction(support, table, 'list'));
      const allowed = await apiAction(finance, table, 'list');
      expect(allowed.body.notice, table).to.equal(undefined);
      expect(allowed.body.records, table).to.have.length(1);
    }
  });

  it('when finance lists invoices, then money is shown formatted and ids are numbers', async () => {
    const invoice = await createInvoice();
    const { body } = await apiAction(finance, 'invoices', 'list');
    const params = body.records![0]!.params;
    expect(params.id).to.equal(invoice.id);
    expect(params.totalMinor).to.equal(invoice.totalMinor);
    expect(params.total).to.equal('$10.00');
  });

  it('when support tries to edit a customer, then nothing changes in the database', async () => {
    const customer = await createCustomer({ company: 'Before Ltd' });
    const res = await apiAction(support, 'customers', 'edit', { recordId: customer.id, payload: { company: 'After Ltd' } });
    expectForbidden(res);
    expect((await Customer.findByPk(customer.id))!.company).to.equal('Before Ltd');
    expect(await AuditLog.count({ where: { action: 'customer.updated' } })).to.equal(0);
  });

  it('when anyone tries to delete an invoice or a ledger entry, then it is refused, admins included', async () => {
    const invoice = await createInvoice();
    const entry = await createLedgerEntry({ invoice });
    for (const agent of [admin, finance]) {
      expectForbidden(await apiAction(agent, 'invoices', 'delete', { recordId: invoice.id, payload: {} }));
      expectForbidden(await apiAction(agent, 'ledger_entries', 'delete', { recordId: entry.id, payload: {} }));
    }
    expect(await Invoice.count()).to.equal(1);
    expect(await LedgerEntry.count()).to.equal(1);
  });

  it('when finance edits an issued invoice, then it is refused (only drafts are editable)', async () => {
    const invoice = await createInvoice({ notes: 'as issued' });
    expectForbidden(await apiAction(finance, 'invoices', 'edit', { recordId: invoice.id, payload: { notes: 'changed' } }));
    expect((await Invoice.findByPk(invoice.id))!.notes).to.equal('as issued');
  });

  it('when the admin edits a customer, then the change is saved with an audit row of before and after', async () => {
    const customer = await createCustomer({ company: 'Before Ltd' });
    const res = await apiAction(admin, 'customers', 'edit', { recordId: customer.id, payload: { company: 'After Ltd', creditBalanceMinor: '99999' } });
    expect(res.body.notice?.type).to.equal('success');
    const saved = (await Customer.findByPk(customer.id))!;
    expect(saved.company).to.equal('After Ltd');
    expect(saved.creditBalanceMinor, 'not an editable column').to.equal(0);
    const audit = await AuditLog.findOne({ where: { action: 'customer.updated', entityId: String(customer.id) } });
    expect(audit?.actorType).to.equal('staff');
    expect(audit?.before).to.deep.equal({ company: 'Before Ltd' });
    expect(audit?.after).to.deep.equal({ company: 'After Ltd' });
  });

  it('when the admin deletes a note, then it is gone and audited; a user still referenced by a customer is kept with a notice', async () => {
    const customer = await createCustomer();
    const note = await AdminNote.create({ customerId: customer.id, body: 'Remove me' });
    const deleted = await apiAction(admin, 'admin_notes', 'delete', { recordId: note.id, payload: {} });
    expect(deleted.body.notice?.type).to.equal('success');
    expect(await AdminNote.count()).to.equal(0);
    const audit = await AuditLog.findOne({ where: { action: 'admin_note.deleted', entityId: String(note.id) } });
    expect(audit?.before).to.include({ body: 'Remove me' });

    const kept = await apiAction(admin, 'users', 'delete', { recordId: customer.userId, payload: {} });
    expect(kept.status).to.equal(200);
    expect(kept.body.notice).to.deep.equal({ message: 'stillReferenced', type: 'error' });
    expect(await User.count({ where: { id: customer.userId } })).to.equal(1);
    expect(await AuditLog.count({ where: { action: 'user.deleted' } })).to.equal(0);
  });

  it('when an admin edits their own role or someone sends a password hash, then those fields are ignored', async () => {
    const self = (await User.findOne({ where: { role: 'admin' } }))!;
    const res = await apiAction(admin, 'users', 'edit', { recordId: self.id, payload: { role: 'customer', firstName: 'Renamed', passwordHash: 'x', totpSecretEnc: 'y' } });
    expect(res.body.notice?.type).to.equal('success');
    const saved = (await User.scope('withSecrets').findByPk(self.id))!;
    expect(saved.role).to.equal('admin');
    expect(saved.firstName).to.equal('Renamed');
    expect(saved.passwordHash).to.match(/^\$argon2id\$/);
  });

  it('when support searches users by a password-hash filter, then the filter is ignored (no oracle) and no hash is sent', async () => {
    // A filter that matches no hash: were it applied, the list would be empty.
    const { body } = await apiAction(support, 'users', 'list', { query: { 'filters.passwordHash': 'no-such-hash-fragment', sortBy: 'passwordHash', perPage: '50' } });
    expect(body.records).to.have.length(3);
    for (const r of body.records!) expect(r.params).to.not.have.any.keys('passwordHash', 'legacyPasswordHash', 'totpSecretEnc');
  });

  it('when support looks for invoices, ledger or settings in the sidebar data, then those resources are not offered', async () => {
    const page = await support.get('/admin');
    const state = JSON.parse(/window\.REDUX_STATE = (\{.*?\});?\s*\n/s.exec(page.text)?.[1] ?? '{}') as { resources?: Array<{ id: string; href: string | null }> };
    const offered = (state.resources ?? []).filter((r) => r.href).map((r) => r.id);
    expect(offered).to.include('customers').and.include('tickets');
    expect(offered).to.not.include('invoices').and.not.include('ledger_entries').and.not.include('settings');
  });
});
