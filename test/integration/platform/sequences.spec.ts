import { expect } from 'chai';
import { formatSequenceNumber, nextNumber } from '../../../src/db/sequences.js';
import { sequelize } from '../../../src/db/sequelize.js';
import { resetDatabase } from '../../support/db.js';

const take = (name: string) => sequelize().transaction((t) => nextNumber(name, t));

describe('nextNumber', () => {
  beforeEach(resetDatabase);

  it('when a sequence is used for the first time, then it starts at 1 and counts up', async () => {
    expect([await take('invoice:2030'), await take('invoice:2030'), await take('credit_note:2030')]).to.deep.equal([1, 2, 1]);
  });

  it('when 20 callers take numbers at once, then they get 1..20 with no gap and no repeat', async () => {
    const numbers = await Promise.all(Array.from({ length: 20 }, () => take('ticket')));
    expect([...numbers].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('when the transaction that took a number rolls back, then the number is given again', async () => {
    await take('invoice');
    const failed = sequelize().transaction(async (t) => {
      expect(await nextNumber('invoice', t)).to.equal(2);
      throw new Error('issue failed');
    });
    await failed.catch(() => undefined);
    expect(await take('invoice')).to.equal(2);
  });

  it('when a number format is rendered, then date parts are UTC and SEQ is zero-padded', () => {
    const at = new Date('2025-12-31T23:30:00Z');
    expect(formatSequenceNumber('INV-{YYYY}-{SEQ:6}', 42, at)).to.equal('INV-2025-000042');
    expect(formatSequenceNumber('T-{SEQ:6}', 1234567, at)).to.equal('T-1234567');
    expect(formatSequenceNumber('{YY}{MM}{DD}/{SEQ}', 7, at)).to.equal('251231/7');
  });
});
