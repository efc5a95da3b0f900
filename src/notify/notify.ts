import type { Transaction } from 'sequelize';
import { config } from '../../config/index.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { withTx, type Ctx } from '../lib/context.js';
import { Customer, Notification, OutboxMessage, User, type EmailPreferences } from '../models/index.js';
import { enqueueMail } from './enqueue-mail.js';
import { CUSTOMER_EVENTS, type CustomerEvent, type CustomerEventData } from './events.js';
import { absoluteUrl, portalPaths } from './links.js';
import { STAFF_EVENTS, type StaffEvent, type StaffEventData } from './staff-events.js';

export type { CustomerEvent, CustomerEventData } from './events.js';
export type { StaffEvent, StaffEventData } from './staff-events.js';

export interface NotifyCustomerInput<E extends CustomerEvent> {
  customerId: number;
  data: CustomerEventData[E];
  /** Mail transport details a caller decides (tickets: the signed reply address and the thread). */
  mail?: { replyTo?: string | null; thread?: string | null };
}

/** Email preferences when the customer never set them: everything but marketing. */
const DEFAULT_PREFERENCES: EmailPreferences = { marketing: false, invoices: true, serviceUpdates: true, bandwidthAlerts: true };

/** True when the customer's preferences allow a mail under `preference` (essential mail has none and always goes). */
export function wantsEmail(customer: Pick<Customer, 'emailPreferences'>, preference?: keyof EmailPreferences): boolean {
  if (!preference) return true;
  return ({ ...DEFAULT_PREFERENCES, ...(customer.emailPreferences ?? {}) } as EmailPreferences)[preference] !== false;
}

/**
 * Records that an event was fanned out (an `event` outbox row, delivered at once, keyed by event and subject).
 * Returns false when it already was: every effect below happens once however often the event is raised.
 */
async function claimFanOut(dedupeKey: string, topic: string, payload: Record<string, unknown>, ctx: Ctx, t: Transaction): Promise<boolean> {
  const key = dedupeKey.slice(0, 191);
  if (await OutboxMessage.findOne({ where: { dedupeKey: key }, attributes: ['id'], transaction: t })) return false;
  try {
    await OutboxMessage.create(
      { channel: 'event', topic: topic.slice(0, 100), payload, status: 'delivered', deliveredAt: ctx.now, attempts: 0, nextAttemptAt: ctx.now, dedupeKey: key },
      { transaction: t },
    );
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * Tells a customer about an event, once: the mail (unless their email preferences turn this kind off), the in-app
 * notification and, for mails about money, the attachments. Runs in the caller's transaction, so nothing is written
 * unless the change that caused it commits. Returns false when this event was already notified.
 */
export async function notifyCustomer<E extends CustomerEvent>(event: E, input: NotifyCustomerInput<E>, ctx: Ctx): Promise<{ notified: boolean }> {
  const spec = CUSTOMER_EVENTS[event];
  const data = input.data as Record<string, unknown>;
  const identity = spec.identity(data, ctx.now);
  return inTransaction(ctx, async (t) => {
    const customer = await Customer.findByPk(input.customerId, { transaction: t });
    if (!customer) throw new Error(`notify: customer ${input.customerId} not found`);
    const user = await User.findByPk(customer.userId, { transaction: t });
    if (!user) throw new Error(`notify: user of customer ${input.customerId} not found`);
    // NOTE: data is loaded (and checked to be this customer's) before the fan-out is recorded, so a refused event records nothing.
    const loaded = spec.load ? await spec.load(data, customer.id, t) : {};
    const claimed = await claimFanOut(`notify:${event}:${identity}:customer:${customer.id}`, `notify.${event}`, { customerId: customer.id, identity }, ctx, t);
    if (!claimed) return { notified: false };
    const vars: Record<string, unknown> = { appName: config().appName, name: user.firstName ?? user.fullName, email: user.email, ...loaded, ...data };
    if (spec.preference) vars.preferencesUrl = absoluteUrl(portalPaths.preferences());
    if (spec.derive) Object.assign(vars, { ...spec.derive(vars), ...data });
    const inApp = spec.inApp?.(vars);
    if (inApp) {
      await Notification.create(
        { userId: user.id, type: event, title: inApp.title.slice(0, 191), body: inApp.body ?? null, url: inApp.url, data: { event, identity }, createdAt: ctx.now, updatedAt: ctx.now },
        { transaction: t },
      );
    }
    if (wantsEmail(customer, spec.preference) && !user.suspendedAt) {
      const template = typeof spec.template === 'function' ? spec.template(vars) : spec.template;
      await enqueueMail(
        {
          to: user.email,
          toName: user.fullName,
          userId: user.id,
          template,
          subject: '',
          data: vars,
          dedupeKey: `${event}:${identity}:user:${user.id}`.slice(0, 191),
          attachments: spec.attachments?.(data) ?? null,
          replyTo: input.mail?.replyTo ?? null,
          thread: input.mail?.thread ?? null,
        },
        withTx(ctx, t),
      );
    }
    return { notified: true };
  });
}

/** Staff users who get an in-app notification: the named ones, else every active member of the roles. */
async function staffRecipients(roles: string[], userIds: number[] | null, t: Transaction): Promise<number[]> {
  const where = userIds ? { id: userIds, suspendedAt: null } : { role: roles, suspendedAt: null };
  const users = await User.findAll({ where, attributes: ['id', 'role'], transaction: t });
  return users.filter((u) => u.role !== 'customer').map((u) => u.id);
}

/**
 * Tells staff about an event, once: in-app notifications (the assignee, else every member of the event's roles) and,
 * for the events that say so, a Discord post (an outbox row the `outbox:deliver` job sends). In the caller's transaction.
 */
export async function notifyStaff<E extends StaffEvent>(event: E, data: StaffEventData[E], ctx: Ctx): Promise<{ notified: boolean }> {
  const spec = STAFF_EVENTS[event];
  const d = data as Record<string, unknown>;
  const identity = spec.identity(d);
  return inTransaction(ctx, async (t) => {
    if (!(await claimFanOut(`notify:${event}:${identity}:staff`, `notify.${event}`, { identity }, ctx, t))) return { notified: false };
    const title = spec.title(d).slice(0, 191);
    const body = spec.body?.(d) ?? null;
    const url = spec.url(d);
    const assignee = typeof d.assigneeId === 'number' ? [d.assigneeId] : null;
    const recipients = await staffRecipients(spec.roles, assignee, t);
    if (recipients.length > 0) {
      await Notification.bulkCreate(
        recipients.map((userId) => ({ userId, type: event, title, body, url, data: { event, identity }, createdAt: ctx.now, updatedAt: ctx.now })),
        { transaction: t },
      );
    }
    if (spec.discord) {
      const embed = { title, description: body ?? undefined, url: absoluteUrl(url), color: spec.discord.color, fields: spec.discord.fields?.(d) ?? [], timestamp: ctx.now.toISOString() };
      await OutboxMessage.create(
        { channel: 'discord', topic: spec.discord.channel, payload: { event, content: title, embeds: [embed] }, status: 'pending', attempts: 0, nextAttemptAt: ctx.now, dedupeKey: `discord:${event}:${identity}`.slice(0, 191) },
        { transaction: t },
      );
    }
    return { notified: true };
  });
}
