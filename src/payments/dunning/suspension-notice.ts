// NOTE: One mail per dunning suspension or termination. The subscription change queues a panel task per
// service carrying its cause (an unpaid invoice), and provisioning sends no per-service notice for such a
// task: this mail names the overdue invoice, its pay link and every service it switches off, and the
// in-app row is written here too.
import { Op } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { Customer, type Invoice, Notification, Plan, ProvisioningTask, Service, type Subscription, User } from '../../models/index.js';
import { absoluteUrl, portalPaths } from '../../notify/links.js';
import { mailInvoiceNotice } from '../operations/payment-notices.js';

/** A service as the suspension mail lists it. */
export interface NoticeService {
  readonly name: string;
  readonly reference: string;
  readonly hostname: string | null;
  readonly url: string;
}

type Change = 'suspended' | 'terminated';

/** The services whose panel task the change queued (those it switches off). */
async function switchedOffServices(subscription: Subscription, change: Change, ctx: Ctx): Promise<NoticeService[]> {
  const t = ctx.transaction;
  const services = await Service.findAll({ where: { subscriptionId: subscription.id }, order: [['id', 'ASC']], transaction: t });
  if (services.length === 0) return [];
  const tasks = await ProvisioningTask.findAll({
    where: { serviceId: services.map((s) => s.id), action: change === 'suspended' ? 'suspend' : 'terminate', status: { [Op.in]: ['pending', 'running'] } },
    attributes: ['id', 'serviceId'],
    transaction: t,
  });
  const plan = await Plan.findByPk(subscription.planId, { attributes: ['id', 'name'], transaction: t });
  const switchedOff = new Set(tasks.map((task) => Number(task.serviceId)));
  return services
    .filter((s) => switchedOff.has(s.id))
    .map((s) => ({ name: plan?.name ?? 'Service', reference: s.reference, hostname: s.hostname ?? null, url: absoluteUrl(portalPaths.service(s.id)) }));
}

/**
 * The customer's one notice of a dunning suspension or termination, in `ctx.transaction` right after the
 * change: the mail (invoice, pay link, the services) and the in-app row. Once per subscription and invoice.
 */
export async function noticeDunningChange(
  change: Change,
  subscription: Subscription,
  invoice: Invoice,
  data: { reason: string; suspendAt: Date; terminateAt: Date },
  ctx: Ctx,
): Promise<void> {
  const services = await switchedOffServices(subscription, change, ctx);
  const number = invoice.number ?? String(invoice.id);
  const subject = change === 'suspended' ? `Your service is suspended: invoice ${number} unpaid` : `Your service was terminated: invoice ${number} unpaid`;
  const queued = await mailInvoiceNotice(invoice, {
    template: change === 'suspended' ? 'dunning-suspended' : 'dunning-terminated',
    subject,
    dedupeKey: change === 'suspended' ? `dunning.suspended:${subscription.id}:${invoice.id}` : `dunning.terminated:${subscription.id}`,
    data: { ...data, services, serviceCount: services.length },
  }, ctx);
  if (!queued) return;
  const customer = await Customer.findByPk(invoice.customerId, { attributes: ['id', 'userId'], transaction: ctx.transaction });
  const user = customer ? await User.findByPk(customer.userId, { attributes: ['id'], transaction: ctx.transaction }) : null;
  if (!user) return;
  await Notification.create(
    {
      userId: user.id, type: `dunning.${change}`, title: subject.slice(0, 191),
      body: services.map((s) => `${s.name} ${s.reference}${s.hostname ? ` (${s.hostname})` : ''}`).join(', ').slice(0, 1000) || null,
      url: portalPaths.invoice(invoice.id), data: { event: `dunning.${change}`, invoiceId: invoice.id, subscriptionId: subscription.id }, createdAt: ctx.now, updatedAt: ctx.now,
    },
    { transaction: ctx.transaction },
  );
}
