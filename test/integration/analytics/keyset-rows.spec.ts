import { expect } from 'chai';
import { afterTimeAndId, keysetRows } from '../../../src/analytics/reports/rows.js';
import { clock } from '../../../src/lib/clock.js';
import { createInvoice } from '../../factories/billing.js';
import { resetDatabase } from '../../support/db.js';

describe('analytics: reading an export in keyset batches', () => {
  before(resetDatabase);

  it('when rows share a timestamp across batch boundaries, then every row comes exactly once in (time, id) order', async () => {
    const made: number[] = [];
    for (const at of ['2030-05-02T10:00:00Z', '2030-05-01T10:00:00Z', '2030-05-01T10:00:00Z', '2030-05-01T10:00:00Z', '2030-05-03T10:00:00Z', '2030-05-01T10:00:00Z', '2030-06-09T10:00:00Z']) {
      clock.set(at);
      made.push((await createInvoice()).id);
    }
    clock.reset();
    const rows = keysetRows(
      (after) => `SELECT i.id, i.issued_at FROM invoices i WHERE i.issued_at >= :from AND i.issued_at < :to AND ${after} ORDER BY i.issued_at, i.id LIMIT :batch`,
      { from: new Date('2030-05-01T00:00:00Z'), to: new Date('2030-06-01T00:00:00Z') },
      afterTimeAndId('i.issued_at', 'i.id', 'issued_at', 'id'),
      2,
    );
    const seen: number[] = [];
    for await (const r of rows) seen.push(Number(r.id));
    // Four on May 1 (by id), then May 2, then May 3; June is outside the range.
    expect(seen).to.deep.equal([made[1], made[2], made[3], made[5], made[0], made[4]]);

    // The range's own lower bound moved to the cursor (lowerBound): the same rows, once each, in the same order.
    const bounded = keysetRows(
      (after) => `SELECT i.id, i.issued_at FROM invoices i WHERE i.issued_at >= :from AND i.issued_at < :to AND ${after} ORDER BY i.issued_at, i.id LIMIT :batch`,
      { from: new Date('2030-05-01T00:00:00Z'), to: new Date('2030-06-01T00:00:00Z') },
      afterTimeAndId('i.issued_at', 'i.id', 'issued_at', 'id', 'from'),
      2,
    );
    const again: number[] = [];
    for await (const r of bounded) again.push(Number(r.id));
    expect(again).to.deep.equal(seen);
  });
});
