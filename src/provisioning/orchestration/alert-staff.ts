import type { Transaction } from 'sequelize';
import { isUniqueViolation } from '../../db/transaction.js';
import type { Ctx } from '../../lib/context.js';
import { Notification, OutboxMessage, User, type Service } from '../../models/index.js';
import { absoluteUrl, adminRecordPath } from '../../notify/links.js';

export type StaffAlertKind = 'provisioning.failed' | 'provisioning.waitlisted' | 'provisioning.manual';

export interface StaffAlert {
  kind: StaffAlertKind;
  /** Business identity of the alert (`provisioning-failed:<taskId>`): a repeat is a no-op. */
  dedupeKey: string;
  title: string;
  body: string;
  service: Service;
  taskId?: number | null;
}

const COLORS: Record<StaffAlertKind, number> = { 'provisioning.failed': 0xdc2626, 'provisioning.waitlisted': 0xf59e0b, 'provisioning.manual': 0x2563eb };

/**
 * Tells staff, in the caller's transaction: a Discord post on the provisioning channel (an outbox row) and an in-app
 * notification for every active admin. Returns false when this alert was already raised.
 */
export async function alertStaff(alert: StaffAlert, ctx: Ctx & { transaction: Transaction }): Promise<boolean> {
  const { transaction } = ctx;
  if (await OutboxMessage.findOne({ where: { dedupeKey: alert.dedupeKey }, attributes: ['id'], transaction })) return false;
  const { service } = alert;
  const url = adminRecordPath('services', service.id);
  const fields = [
    { name: 'Service', value: `#${service.id} ${service.reference}`, inline: true },
    { name: 'Driver', value: service.driver, inline: true },
    { name: 'Customer', value: `#${service.customerId}`, inline: true },
  ];
  try {
    await OutboxMessage.create(
      {
        channel: 'discord',
        topic: 'provisioning',
        payload: {
          event: alert.kind,
          serviceId: service.id,
          taskId: alert.taskId ?? null,
          content: alert.title,
          embeds: [{ title: alert.title, description: alert.body.slice(0, 2000), url: absoluteUrl(url), color: COLORS[alert.kind], fields, timestamp: ctx.now.toISOString() }],
        },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: ctx.now,
        dedupeKey: alert.dedupeKey,
      },
      { transaction },
    );
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
  const admins = await User.findAll({ where: { role: 'admin', suspendedAt: null }, attributes: ['id'], transaction });
  if (admins.length > 0) {
    await Notification.bulkCreate(
      admins.map((admin) => ({
        userId: admin.id,
        type: alert.kind,
        title: alert.title.slice(0, 191),
        body: alert.body,
        url,
        data: { serviceId: service.id, taskId: alert.taskId ?? null },
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })),
      { transaction },
    );
  }
  return true;
}
