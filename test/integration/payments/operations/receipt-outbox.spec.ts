import { expect } from 'chai';
import { dunningRunJob } from '../../../../src/jobs/dunning-run.js';
import { outboxDeliverJob } from '../../../../src/jobs/outbox-deliver.js';
import { clock } from '../../../../src/lib/clock.js';
import { systemCtx } from '../../../../src/lib/context.js';
import { logger } from '../../../../src/lib/logger.js';
import { MailOutbox, Notification, OutboxMessage } from '../../../../src/models/index.js';
import { deliverDueOutbox } from '../../../../src/notify/deliver-due-outbox.js';
import { customerWithCards, DAY, renewalDue, resetPayments, runAt, startRails, type Rails } from './support.js';

const DUE = new Date('2030-03-01T00:00:00Z');

describe('Payments: the receipt goes through the outbox', () => {
  let rails: Rails;

  beforeEach(async () => {
    await resetPayments();
    clock.set(new Date(DUE.getTime() - DAY));
    rails = await startRails();
  });
  afterEach(() => rails.stop());

  it('when a renewal is charged, then the charge writes one payment.received event and no mail; outbox:deliver run twice (and twice at once) mails the receipt once', async () => {
    const { customer } = await customerWithCards(rails.stripe, 1);
    const { invoice } = await renewalDue(customer, DUE);

    await runAt(dunningRunJob, new Date(DUE.getTime() + 3_600_000));
    expect(await OutboxMessage.count({ where: { channel: 'event', topic: 'payment.received' } })).to.equal(1);
    expect(await MailOutbox.count()).to.equal(0);

    await runAt(outboxDeliverJob);
    await runAt(outboxDeliverJob);
    await Promise.all([deliverDueOutbox(systemCtx(), logger()), deliverDueOutbox(systemCtx(), logger())]);

    const mails = await MailOutbox.findAll({ where: { userId: customer.userId } });
    expect(mails.map((m) => m.template)).to.deep.equal(['payment-received']);
    expect(mails[0]!.text).to.include(invoice.number ?? '-').and.to.include('$10.00');
    expect(await Notification.count({ where: { userId: customer.userId, type: 'payment.received' } })).to.equal(1);
  });
});
