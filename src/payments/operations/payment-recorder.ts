import type { Logger } from 'pino';
import type { Ctx } from '../../lib/context.js';
import { PaymentAttempt } from '../../models/index.js';
import type { DbLane } from './db-lane.js';
import { receivePayment, type ReceivedPayment } from './receive-payment.js';
import { receivePayments, type SucceededCharge } from './receive-payments.js';

/** Records one succeeded charge; resolves once it is committed (alone or with others). */
export type PaymentRecorder = (charge: SucceededCharge) => Promise<ReceivedPayment>;

interface Waiting {
  readonly charge: SucceededCharge;
  resolve(received: ReceivedPayment): void;
  reject(err: unknown): void;
}

/** One charge received on its own, as an interactive payment is: its own transaction, replays and overpayments included. */
function receiveOne(charge: SucceededCharge, ctx: Ctx): Promise<ReceivedPayment> {
  return receivePayment(charge.input, ctx, (t) =>
    PaymentAttempt.update({ status: 'succeeded', gatewayReference: charge.gatewayReference, completedAt: ctx.now }, { where: { id: charge.attemptId }, transaction: t }),
  );
}

// NOTE: group commit. The first charge to succeed is written at once; the charges that succeed while a
// write is under way wait and go together in the next one, up to `maxBatch`. An idle run thus writes each
// charge alone, and a busy one a few transactions a second however many charges it makes.
/**
 * A recorder for one job run: succeeded charges are received in batches (`receivePayments`), one
 * transaction at a time, in `lane`. A charge a batch leaves out, or every charge of a batch that failed
 * (rolled back), is received on its own under the same keys, so a charge is recorded once either way.
 */
export function createPaymentRecorder(ctx: Ctx, lane: DbLane, log: Logger, opts: { maxBatch?: number } = {}): PaymentRecorder {
  const maxBatch = Math.max(1, opts.maxBatch ?? 200);
  const waiting: Waiting[] = [];
  let writing = false;

  const settleOne = async (w: Waiting): Promise<void> => {
    try {
      w.resolve(await lane(() => receiveOne(w.charge, ctx)));
    } catch (err) {
      w.reject(err);
    }
  };

  const writeBatch = async (batch: Waiting[]): Promise<void> => {
    let received: Array<ReceivedPayment | null>;
    try {
      received = await lane(() => receivePayments(batch.map((w) => w.charge), ctx));
    } catch (err) {
      log.warn({ err, charges: batch.length }, 'payment batch rolled back; receiving its charges one by one');
      received = batch.map(() => null);
    }
    for (const [at, w] of batch.entries()) {
      const done = received[at];
      if (done) w.resolve(done);
      else await settleOne(w);
    }
  };

  const drain = async (): Promise<void> => {
    writing = true;
    try {
      while (waiting.length > 0) await writeBatch(waiting.splice(0, maxBatch));
    } finally {
      writing = false;
    }
  };

  return (charge) =>
    new Promise<ReceivedPayment>((resolve, reject) => {
      waiting.push({ charge, resolve, reject });
      if (!writing) void drain();
    });
}
