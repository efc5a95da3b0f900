import { expect } from 'chai';
import { Filter } from 'adminjs';
import type { Model } from 'sequelize';
import { BackOfficeResource, cappedCount } from '../../../admin/resources/adapter.js';
import { clock } from '../../../src/lib/clock.js';
import { Invoice } from '../../../src/models/index.js';
import { createInvoice } from '../../factories/billing.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';
import { apiAction, createStaff, signedIn, type Browser } from './support.js';

describe('back office: lists over large tables', () => {
  let finance: Browser;
  let invoices: Invoice[];

  beforeEach(async () => {
    await resetDatabase();
    finance = await signedIn(await createStaff('finance'));
    const customer = await createCustomer();
    invoices = [];
    for (const status of ['open', 'paid', 'open', 'paid', 'open'] as const) invoices.push(await createInvoice({ customer }, status));
  });

  const listed = async (query: Record<string, string>) => {
    const res = await apiAction(finance, 'invoices', 'list', { query });
    expect(res.status).to.equal(200);
    return { ids: (res.body.records ?? []).map((r) => Number(r.params.id)), total: res.body.meta?.total, sortBy: (res.body.meta as { sortBy?: string } | undefined)?.sortBy };
  };

  it('when the count is capped, then it stops at the cap plus one and counts exactly below it, with the filter applied', async () => {
    expect(await cappedCount(Invoice, {}, 3)).to.equal(4);
    expect(await cappedCount(Invoice, { status: 'paid' }, 3)).to.equal(2);
    const resource = new BackOfficeResource(Invoice as unknown as typeof Model, new Set(['invoices']), 2);
    expect(await resource.count(new Filter({}, resource))).to.equal(3);
    expect(await resource.count(new Filter({ status: 'paid' }, resource))).to.equal(2);
    const page = await resource.find(new Filter({ status: 'open' }, resource), { limit: 2, offset: 1, sort: { sortBy: 'id', direction: 'desc' } });
    expect(page.map((r) => Number(r.id()))).to.deep.equal([invoices[2]!.id, invoices[0]!.id]);
    expect(page[0]!.param('number')).to.equal(invoices[2]!.number);
  });

  it('when finance filters, pages and sorts the invoices list, then the rows and totals are those of the filter', async () => {
    const [a, b, c, d, e] = invoices.map((i) => i.id);
    expect(await listed({ page: '1' })).to.deep.include({ ids: [e, d, c, b, a], total: 5 });
    expect(await listed({ 'filters.status': 'open', perPage: '2', page: '2' })).to.deep.include({ ids: [a], total: 3 });
    expect(await listed({ 'filters.status': 'paid', sortBy: 'id', direction: 'asc' })).to.deep.include({ ids: [b, d], total: 2 });
  });

  it('when finance filters by an issue-date range, then only the invoices issued in it are listed, newest first', async () => {
    const customer = await createCustomer();
    const issued: number[] = [];
    for (const at of ['2031-01-10T10:00:00Z', '2031-02-10T10:00:00Z', '2031-02-20T10:00:00Z', '2031-03-10T10:00:00Z']) {
      clock.set(at);
      issued.push((await createInvoice({ customer })).id);
    }
    clock.reset();
    expect(await listed({ 'filters.issuedAt~~from': '2031-02-01', 'filters.issuedAt~~to': '2031-02-28' })).to.deep.include({ ids: [issued[2], issued[1]], total: 2 });
  });

  it('when finance sorts by a column no index leads, then the list keeps its indexed order instead', async () => {
    const ids = invoices.map((i) => i.id);
    expect(await listed({ sortBy: 'dueAt', direction: 'asc' })).to.deep.include({ ids, sortBy: 'id' });
    expect((await listed({ sortBy: 'number', direction: 'asc' })).sortBy).to.equal('number');
  });

  it('when finance filters by a whole invoice number, then that invoice is listed; a part of one still matches as a substring', async () => {
    const wanted = invoices[3]!;
    expect(await listed({ 'filters.number': wanted.number! })).to.deep.include({ ids: [wanted.id], total: 1 });
    const common = wanted.number!.slice(0, 3);
    expect((await listed({ 'filters.number': common })).total).to.equal(5);
    expect(await listed({ 'filters.number': 'no-such-number' })).to.deep.include({ ids: [], total: 0 });
  });
});
