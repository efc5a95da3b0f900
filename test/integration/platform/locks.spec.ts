import { expect } from 'chai';
import { config } from '../../../config/index.js';
import { closeLocks, databaseLocks, redisLocks, withJobLock, type LockBackend } from '../../../src/db/locks.js';
import { clock } from '../../../src/lib/clock.js';
import { countRows, resetDatabase } from '../../support/db.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const backends: LockBackend[] = [databaseLocks, ...(config().redisUrl ? [redisLocks] : [])];

describe('withJobLock', () => {
  before(resetDatabase);
  after(closeLocks);

  for (const backend of backends) {
    describe(`on ${backend.kind}`, () => {
      let n = 0;
      let name = '';
      beforeEach(() => {
        name = `test:${backend.kind}:${process.pid}:${Date.now()}:${++n}`;
      });

      it('when nobody holds the lock, then fn runs and its result comes back; afterwards the lock is free again', async () => {
        const outcome = await withJobLock(name, 5_000, async () => 42, { backend });
        expect(outcome).to.deep.equal({ acquired: true, result: 42 });
        expect((await withJobLock(name, 5_000, async () => 'again', { backend })).result).to.equal('again');
      });

      it('when another caller holds the lock, then fn does not run and the outcome says not acquired', async () => {
        let ran = false;
        const outer = await withJobLock(
          name,
          5_000,
          async () => {
            const inner = await withJobLock(name, 5_000, async () => (ran = true), { backend });
            return inner.acquired;
          },
          { backend },
        );
        expect(outer).to.deep.equal({ acquired: true, result: false });
        expect(ran).to.equal(false);
      });

      it('when two callers start at once, then exactly one runs', async () => {
        let runs = 0;
        const job = () =>
          withJobLock(
            name,
            5_000,
            async () => {
              runs++;
              await sleep(100);
            },
            { backend },
          );
        const outcomes = await Promise.all([job(), job()]);
        expect(runs).to.equal(1);
        expect(outcomes.map((o) => o.acquired).sort()).to.deep.equal([false, true]);
      });

      it('when fn throws, then the error reaches the caller and the lock is released', async () => {
        let error: unknown;
        await withJobLock(name, 5_000, async () => Promise.reject(new Error('boom')), { backend }).catch((err: unknown) => (error = err));
        expect((error as Error).message).to.equal('boom');
        expect((await withJobLock(name, 5_000, async () => 1, { backend })).acquired).to.equal(true);
      });

      it('when a holder died and its lease ran out, then the next caller takes the lock over; the old holder cannot release it', async () => {
        expect(await backend.acquire(name, 'dead-worker', 50)).to.equal(true);
        expect(await backend.acquire(name, 'other', 5_000)).to.equal(false);
        await sleep(80);
        expect(await backend.acquire(name, 'new-worker', 5_000)).to.equal(true);
        await backend.release(name, 'dead-worker');
        expect(await backend.acquire(name, 'third', 5_000)).to.equal(false);
        expect(await backend.extend(name, 'dead-worker', 5_000)).to.equal(false);
        expect(await backend.extend(name, 'new-worker', 5_000)).to.equal(true);
        await backend.release(name, 'new-worker');
        expect(await backend.acquire(name, 'third', 5_000)).to.equal(true);
        await backend.release(name, 'third');
      });
    });
  }

  it('when the clock is moved past a database lease, then the lease counts as expired', async () => {
    clock.set('2030-01-01T00:00:00Z');
    expect(await databaseLocks.acquire('test:clock', 'a', 60_000)).to.equal(true);
    clock.advance(30_000);
    expect(await databaseLocks.acquire('test:clock', 'b', 60_000)).to.equal(false);
    clock.advance(31_000);
    expect(await databaseLocks.acquire('test:clock', 'b', 60_000)).to.equal(true);
    await databaseLocks.release('test:clock', 'b');
    expect(await countRows('job_locks', 'name = :name', { name: 'test:clock' })).to.equal(0);
  });
});
