import { expect } from 'chai';
import { runBaseSeed } from '../../../seeders/index.js';
import { DEMO_DOMAIN, seedDemo } from '../../../seeders/demo/index.js';
import { Customer, Invoice, LedgerEntry, Ticket } from '../../../src/models/index.js';
import { countRows, resetDatabase } from '../../support/db.js';

describe('demo seed', function () {
  this.timeout(180_000);
  before(async () => {
    await resetDatabase();
    await runBaseSeed();
  });

  it('when the demo business is seeded, then customers have orders, renewals, payments, unpaid invoices and tickets over the months', async () => {
    const summary = await seedDemo({ customers: 6, months: 3 });
    expect(summary.customers).to.equal(6);
    expect(await Customer.count()).to.equal(6);
    const invoices = await Invoice.count();
    expect(invoices, 'renewal invoices beyond the first ones').to.be.greaterThan(6);
    expect(await Invoice.count({ where: { status: 'paid' } })).to.be.greaterThan(0);
    expect(await LedgerEntry.count({ where: { kind: 'payment' } })).to.be.greaterThan(0);
    expect(await Ticket.count()).to.be.greaterThan(0);
    expect(await countRows('services', "status = 'active'")).to.be.greaterThan(0);
  });

  it('when the demo seed runs again, then it adds nothing', async () => {
    const before = await countRows('users', 'email LIKE :d', { d: `%@${DEMO_DOMAIN}` });
    const again = await seedDemo({ customers: 6, months: 3 });
    expect(again.skipped).to.equal(true);
    expect(await countRows('users', 'email LIKE :d', { d: `%@${DEMO_DOMAIN}` })).to.equal(before);
  });
});
