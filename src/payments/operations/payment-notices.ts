// NOTE: Customer notices about money. Events the notify catalog knows (payment.received,
// payment.failed, dunning.reminder, dunning.final_notice) are domain events: one outbox row in the
// transaction that decided them, fanned out by `outbox:deliver` to `notifyCustomer` (mail, in-app row,
// preferences, once per identity), so a charge never waits on a template render. The others are mails
// of our own templates, deduplicated by key. Every notice links to the invoice page, whose buttons pay it.
import type { CreationAttributes } from 'sequelize';
import { inTransaction, isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { Customer, OutboxMessage, User, type Invoice } from '../../models/index.js';
import { enqueueMail } from '../../notify/enqueue-mail.js';
import { CUSTOMER_EVENTS } from '../../notify/events.js';
import type { CustomerEvent, CustomerEventData } from '../../notify/notify.js';
import { invoicePageUrl } from './urls.js';

/** The catalog events payments raise through the outbox (route-domain-event sends each to the customer). */
export const PAYMENT_NOTICE_EVENTS = ['payment.received', 'payment.failed', 'dunning.reminder', 'dunning.final_notice'] as const;
export type PaymentNoticeEvent = (typeof PAYMENT_NOTICE_EVENTS)[number] & CustomerEvent;

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

/** The outbox row (channel `event`, keyed by the event's identity) of a catalog event about `invoice` to its customer. */
export function invoiceEventRow<E extends PaymentNoticeEvent>(event: E, invoice: Invoice, data: CustomerEventData[E], now: Date): CreationAttributes<OutboxMessage> {
  const payload: Record<string, unknown> = { ...invoiceNoticeVars(invoice), ...data, customerId: invoice.customerId };
  const identity = CUSTOMER_EVENTS[event].identity(payload, now);
  const dedupeKey = `${event}:${identity}:customer:${invoice.customerId}`.slice(0, 191);
  // NOTE: dates travel as ISO strings; the mail formats them as it would a Date (`dueAt` -> `dueDate`).
  return { channel: 'event', topic: event, payload: JSON.parse(JSON.stringify(payload)) as Record<string, unknown>, status: 'pending', attempts: 0, nextAttemptAt: now, dedupeKey };
}

/**
 * A catalog event about `invoice` to its customer (with the invoice page as pay link), as one outbox row
 * of channel `event` keyed by the event's identity: false when that notice was already raised.
 */
export async function noticeInvoiceEvent<E extends PaymentNoticeEvent>(event: E, invoice: Invoice, data: CustomerEventData[E], ctx: Ctx): Promise<boolean> {
  const row = invoiceEventRow(event, invoice, data, ctx.now);
  return inTransaction(ctx, async (transaction) => {
    try {
      await OutboxMessage.create(row, { transaction });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  });
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
