import { expect } from 'chai';
import { hashRequest, withIdempotency } from '../../../src/db/idempotency.js';
import { clock } from '../../../src/lib/clock.js';
import { ConflictError } from '../../../src/lib/errors.js';
import { countRows, resetDatabase } from '../../support/db.js';

const body = { planId: 3, cycle: 'monthly' };

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('withIdempotency', () => {
  beforeEach(resetDatabase);

  it('when a request is repeated with the same key, then fn runs once and the repeat gets the first result', async () => {
    let runs = 0;
    const call = () => withIdempotency('api:user:1', 'key-1', hashRequest(body), async () => ({ status: 201, body: { orderId: ++runs } }));
    const first = await call();
    const second = await call();
    expect(runs).to.equal(1);
    expect(first).to.deep.equal({ result: { status: 201, body: { orderId: 1 } }, replayed: false });
    expect(second).to.deep.equal({ result: { status: 201, body: { orderId: 1 } }, replayed: true });
    expect(await countRows('idempotency_records', "status = 'completed' AND response_status = 201")).to.equal(1);
  });

  it('when the key comes back with a different request, then it is a 409 conflict and fn does not run', async () => {
    await withIdempotency('api:user:1', 'key-1', hashRequest(body), async () => 'first');
    let ran = false;
    const err = await errorOf(withIdempotency('api:user:1', 'key-1', hashRequest({ ...body, cycle: 'annual' }), async () => (ran = true)));
    expect(err).to.be.instanceOf(ConflictError);
    expect((err as ConflictError).code).to.equal('idempotency_key_reused');
    expect((err as ConflictError).status).to.equal(409);
    expect(ran).to.equal(false);
  });

  it('when the first request is still running, then a repeat is a 409 conflict', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = withIdempotency('api:user:1', 'slow', 'h', async () => {
      await gate;
      return 'done';
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const err = await errorOf(withIdempotency('api:user:1', 'slow', 'h', async () => 'again'));
    expect((err as ConflictError).code).to.equal('idempotency_request_in_progress');
    release();
    expect((await first).result).to.equal('done');
  });

  it('when fn fails, then nothing is stored and a retry runs fn again', async () => {
    const err = await errorOf(withIdempotency('api:user:1', 'k', 'h', async () => Promise.reject(new Error('gateway down'))));
    expect((err as Error).message).to.equal('gateway down');
    expect(await countRows('idempotency_records')).to.equal(0);
    expect(await withIdempotency('api:user:1', 'k', 'h', async () => 'ok')).to.deep.equal({ result: 'ok', replayed: false });
  });

  it('when the same key is used in two scopes, then each runs once', async () => {
    const a = await withIdempotency('api:user:1', 'k', 'h', async () => 'a');
    const b = await withIdempotency('api:user:2', 'k', 'h', async () => 'b');
    expect([a.result, b.result]).to.deep.equal(['a', 'b']);
  });

  it('when the holder died mid-request, then after its claim ran out a repeat runs fn', async () => {
    clock.set('2030-01-01T00:00:00Z');
    const claim = withIdempotency('api:user:1', 'k', 'h', () => new Promise<string>(() => undefined), { lockMs: 1_000 });
    void claim;
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock.advance(2_000);
    expect(await withIdempotency('api:user:1', 'k', 'h', async () => 'recovered')).to.deep.equal({ result: 'recovered', replayed: false });
  });

  it('when a stored result has expired, then the key may be used again', async () => {
    clock.set('2030-01-01T00:00:00Z');
    await withIdempotency('api:user:1', 'k', 'h', async () => 'old', { ttlMs: 60_000 });
    clock.advance(61_000);
    expect(await withIdempotency('api:user:1', 'k', 'other-hash', async () => 'new')).to.deep.equal({ result: 'new', replayed: false });
  });
});
