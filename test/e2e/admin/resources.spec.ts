import { expect } from 'chai';
import type { BaseResource } from 'adminjs';
import { adminResources, RESOURCE_SPECS } from '../../../admin/resources/index.js';
import { clock } from '../../../src/lib/clock.js';
import { AdminNote, AuditLog, initModels } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, signedIn, type Browser } from './support.js';

describe('back office: resources and dashboard', () => {
  beforeEach(resetDatabase);

  it('when the back office is built, then every property a resource lists, filters or edits exists', () => {
    initModels();
    const { resources } = adminResources();
    expect(resources.length).to.be.greaterThan(10);
    for (const { resource: raw, options } of resources) {
      const resource = raw as BaseResource;
      const known = new Set([...resource.properties().map((p) => p.name()), ...Object.keys(options.properties ?? {})]);
      for (const list of ['listProperties', 'filterProperties', 'editProperties', 'showProperties'] as const) {
        for (const name of options[list] ?? []) expect(known.has(name), `${resource.id()}.${list}: ${name}`).to.equal(true);
      }
    }
    expect(RESOURCE_SPECS.map((s) => s.model)).to.include.members(['User', 'Customer', 'AdminNote', 'ApiToken', 'SessionRecord', 'Invoice', 'LedgerEntry', 'Setting', 'AuditLog']);
  });

  it('when a model is not exported yet, then its resource is skipped instead of breaking start-up', () => {
    initModels();
    const { resources, skipped } = adminResources([...RESOURCE_SPECS, { model: 'NotWrittenYet', group: 'System' }]);
    expect(skipped).to.include('NotWrittenYet');
    expect(resources).to.have.length(RESOURCE_SPECS.length - skipped.length + 1);
  });

  describe('signed in', () => {
    let support: Browser;
    beforeEach(async () => {
      support = await signedIn(await createStaff('support'));
    });

    it('when staff open the dashboard, then it shows real counts and new customers per day for 30 days', async () => {
      await createCustomer({ createdAt: new Date('2030-03-20T00:10:00Z') });
      await createCustomer({ createdAt: new Date('2030-03-20T12:00:00Z') });
      await createCustomer({ createdAt: new Date('2030-03-15T08:00:00Z') });
      await createCustomer({ createdAt: new Date('2030-01-01T08:00:00Z') });
      await createInvoice({ customerId: (await createCustomer({ createdAt: new Date('2030-02-18T23:59:59Z') })).id });
      clock.set('2030-03-20T13:00:00Z');
      const res = await support.get('/admin/api/dashboard');
      expect(res.status).to.equal(200);
      expect(res.body.counts).to.deep.include({ customers: 5, openInvoices: 1, openTickets: 0, activeSubscriptions: 0 });
      const series = res.body.newCustomers as Array<{ day: string; count: number }>;
      expect(series).to.have.length(30);
      expect(series[0]!.day).to.equal('2030-02-19');
      expect(series.at(-1)).to.deep.equal({ day: '2030-03-20', count: 2 });
      expect(series.find((d) => d.day === '2030-03-15')?.count).to.equal(1);
      expect(series.reduce((n, d) => n + d.count, 0), 'older sign-ups are outside the window').to.equal(3);
    });

    it('when support filters customers by email, then only that customer is listed', async () => {
      const wanted = await createCustomer({ user: { email: 'wanted.person@example.test' } });
      await createCustomer({ user: { email: 'someone.else@example.test' } });
      const { body } = await apiAction(support, 'customers', 'list', { query: { 'filters.email': 'wanted.person' } });
      expect(body.records?.map((r) => r.id)).to.deep.equal([wanted.id]);
      const search = await support.get('/admin/api/resources/customers/actions/search/wanted');
      expect(search.body.records.map((r: { id: number }) => r.id)).to.deep.equal([wanted.id]);
      expect(search.body.records[0].title).to.contain('wanted.person@example.test');
    });

    it('when support writes an admin note, then it is saved with them as author and audited', async () => {
      const customer = await createCustomer();
      const res = await apiAction(support, 'admin_notes', 'new', { payload: { customerId: String(customer.id), body: 'Called about the invoice', authorId: '999' } });
      expect(res.body.notice?.type, JSON.stringify(res.body)).to.equal('success');
      const note = (await AdminNote.findOne())!;
      expect(note.body).to.equal('Called about the invoice');
      const author = await AuditLog.findOne({ where: { action: 'admin_note.created' } });
      expect(note.authorId).to.equal(author?.actorId);
      expect(author?.after).to.include({ body: 'Called about the invoice' });
    });
  });
});
