import { expect } from 'chai';
import { compileNamed, readRows } from '../../../src/db/read-rows.js';
import { Notification } from '../../../src/models/index.js';
import { createCustomer } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';

describe('hot-path reads (readRows)', () => {
  before(async () => {
    await resetDatabase();
  });

  it('when a statement names its values, then each :name becomes a placeholder in order, repeats included, and quoted text is left alone', () => {
    const compiled = compileNamed("SELECT ':skip' AS a, `:col` FROM t WHERE x = :first AND y = :second OR z = :first AND t::text = 'x'");
    expect(compiled.names).to.deep.equal(['first', 'second', 'first']);
    expect(compiled.text).to.equal("SELECT ':skip' AS a, `:col` FROM t WHERE x = ? AND y = ? OR z = ? AND t::text = 'x'");
  });

  it('when a customer row is read by id, then it comes back with the bound values and another customer is not read', async () => {
    const mine = await createCustomer({ company: 'Read Rows Ltd' });
    await createCustomer({ company: 'Someone Else Ltd' });
    const rows = await readRows('SELECT id, company FROM customers WHERE id = :id AND company = :company', { id: mine.id, company: 'Read Rows Ltd' });
    expect(rows.map((r) => ({ id: Number(r.id), company: r.company }))).to.deep.equal([{ id: mine.id, company: 'Read Rows Ltd' }]);
  });

  it('when a value is missing, then the read fails with the name of the missing value', async () => {
    let failure: unknown;
    await readRows('SELECT id FROM customers WHERE id = :id').catch((err: unknown) => (failure = err));
    expect(String(failure)).to.contain(':id');
  });

  it('when a statement fails, then its read is refused with the database error and the next reads still work', async () => {
    let failure: unknown;
    await readRows('SELECT no_such_column FROM customers').catch((err: unknown) => (failure = err));
    expect(String(failure)).to.match(/no_such_column/);
    await readRows('SELECT no_such_column FROM customers').catch((err: unknown) => (failure = err));
    expect(String(failure)).to.match(/no_such_column/);
    expect((await readRows('SELECT COUNT(*) AS n FROM customers'))[0]!.n).to.be.at.least(0);
  });

  it('when reads run many at once beside a write, then each sees committed rows and none fails', async () => {
    const customer = await createCustomer();
    const count = () => readRows('SELECT COUNT(*) AS n FROM notifications WHERE user_id = :userId', { userId: customer.userId });
    const [, ...counts] = await Promise.all([
      Notification.create({ userId: customer.userId, type: 'ticket.replied', title: 'Read beside a write', url: '/account/tickets' }),
      ...Array.from({ length: 20 }, count),
    ]);
    for (const [row] of counts) expect([0, 1]).to.include(Number(row!.n));
    expect(Number((await count())[0]!.n)).to.equal(1);
  });
});
