import { billingRenewJob } from '../../../src/jobs/billing-renew.js';
import { dunningRunJob } from '../../../src/jobs/dunning-run.js';
import { outboxDeliverJob } from '../../../src/jobs/outbox-deliver.js';
import { suspensionsRunJob } from '../../../src/jobs/suspensions-run.js';
import { clock } from '../../../src/lib/clock.js';
import { Invoice, Subscription } from '../../../src/models/index.js';
import { DAY, runAt } from '../../integration/payments/operations/support.js';

/** The worker's billing jobs for one day, run at 11:00 UTC: renewals issued and rolled, dunning, then suspensions; the outbox after each. */
export async function workerDay(day: string): Promise<void> {
  const at = new Date(`${day}T11:00:00Z`);
  for (const job of [billingRenewJob, outboxDeliverJob, dunningRunJob, outboxDeliverJob, suspensionsRunJob, outboxDeliverJob]) await runAt(job, at);
}

/** Lives through the days from `from` to `to` (inclusive), one worker day each; `before(day)` runs first each morning. */
export async function liveThrough(from: string, to: string, before?: (day: string) => void | Promise<void>): Promise<void> {
  for (let t = new Date(`${from}T00:00:00Z`).getTime(); t <= new Date(`${to}T00:00:00Z`).getTime(); t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    clock.set(`${day}T08:00:00Z`);
    await before?.(day);
    await workerDay(day);
  }
}

/** The renewal invoice of a subscription for the period starting on `day`. */
export async function renewalFor(subscription: Subscription, day: string): Promise<Invoice> {
  const invoices = await Invoice.findAll({ where: { subscriptionId: subscription.id, kind: 'renewal' }, order: [['id', 'ASC']] });
  const found = invoices.find((i) => i.periodStart?.toISOString().slice(0, 10) === day);
  if (!found) throw new Error(`No renewal invoice of subscription ${subscription.id} starting ${day} (have ${invoices.map((i) => i.periodStart?.toISOString()).join(', ')})`);
  return found;
}

/** The subscription's status now. */
export async function statusOf(subscription: Subscription): Promise<string> {
  return (await Subscription.findByPk(subscription.id, { rejectOnEmpty: true })).status;
}
