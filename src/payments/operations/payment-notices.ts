// NOTE: Customer notices about money. Events the notify catalog knows (payment.received,
// payment.failed, dunning.reminder, dunning.final_notice) go through `notifyCustomer` (mail, in-app
// row, preferences, once per identity); the others are mails of our own templates, deduplicated by key.
// Every notice links to the invoice page, whose buttons pay the invoice.
import type { Ctx } from '../../lib/context.js';
import { Customer, User, type Invoice } from '../../models/index.js';
import { enqueueMail } from '../../notify/enqueue-mail.js';
import { notifyCustomer, type CustomerEvent, type CustomerEventData } from '../../notify/notify.js';
import { invoicePageUrl } from './urls.js';

/** Our own mail templates (views/emails/<template>.hbs and .txt.hbs), for events the catalog lacks. */
export type PaymentMailTemplate = 'payment-action-required' | 'payment-refunded' | 'dunning-suspended' | 'dunning-terminated';

/** The invoice variables every notice uses (the names of the notify catalog). */
export function invoiceNoticeVars(invoice: Invoice): Record<string, unknown> {
  const url = invoicePageUrl(invoice.id);
  return {
    invoiceId: invoice.id,
    invoiceNumber: invoice.number ?? `#${invoice.id}`,
    invoiceUrl: url,
    payUrl: url,
    currency: invoice.currency,
    totalMinor: Number(invoice.totalMinor),
    amountDueMinor: Number(invoice.amountDueMinor),
    dueAt: invoice.dueAt,
  };
}

/** A catalog event about `invoice` to its customer (with the invoice page as pay link). */
export async function noticeInvoiceEvent<E extends CustomerEvent>(event: E, invoice: Invoice, data: CustomerEventData[E], ctx: Ctx): Promise<boolean> {
  const { notified } = await notifyCustomer(event, { customerId: invoice.customerId, data: { ...invoiceNoticeVars(invoice), ...data } }, ctx);
  return notified;
}

/** A mail of our own templates about `invoice`; `dedupeKey` is its business identity. False when already queued. */
export async function mailInvoiceNotice(
  invoice: Invoice,
  mail: { template: PaymentMailTemplate; subject: string; dedupeKey: string; data?: Record<string, unknown> },
  ctx: Ctx,
): Promise<boolean> {
  const customer = await Customer.findByPk(invoice.customerId, { attributes: ['id', 'userId'], transaction: ctx.transaction });
  const user = customer ? await User.findByPk(customer.userId, { attributes: ['id', 'email', 'firstName', 'lastName', 'suspendedAt'], transaction: ctx.transaction }) : null;
  if (!user || user.suspendedAt) return false;
  const { queued } = await enqueueMail(
    {
      to: user.email,
      toName: user.fullName,
      userId: user.id,
      template: mail.template,
      subject: mail.subject,
      dedupeKey: mail.dedupeKey.slice(0, 191),
      data: { name: user.firstName ?? user.fullName, ...invoiceNoticeVars(invoice), ...mail.data },
    },
    ctx,
  );
  return queued;
}
