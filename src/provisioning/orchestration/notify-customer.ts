import type { Transaction } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { notifyCustomer } from '../../notify/notify.js';
import type { ProvisionCredentials } from '../driver.js';
import type { ServiceSubject } from './service-subject.js';

export type ServiceNotice = 'provisioned' | 'suspended' | 'unsuspended' | 'terminated';

/** `payload.cause` of a suspension or termination asked for because an invoice is unpaid (dunning tells the customer itself). */
export const UNPAID_INVOICE_CAUSE = 'unpaid_invoice';

/** The task payload of a suspension or termination because `invoiceId` is unpaid (none without an invoice). */
export function unpaidInvoiceCause(invoiceId: number | null | undefined): Record<string, unknown> | null {
  return invoiceId == null ? null : { cause: UNPAID_INVOICE_CAUSE, invoiceId };
}

/** True when the task's cause comes with its own customer notice, so the per-service one is not sent. */
export function noticeSentByCause(task: { action: string; payload?: Record<string, unknown> | null }): boolean {
  return (task.action === 'suspend' || task.action === 'terminate') && task.payload?.cause === UNPAID_INVOICE_CAUSE;
}

/**
 * Tells the customer about their service through the notify module (mail `views/emails/service-<notice>` and the
 * in-app row, once per `key`), in the caller's transaction. `credentials` reach the welcome mail only: that outbox
 * row is the one place they exist outside `credentials_enc`.
 */
export async function notifyServiceCustomer(
  subject: ServiceSubject,
  notice: ServiceNotice,
  extra: { key: string; credentials?: ProvisionCredentials | null; reason?: string | null },
  ctx: Ctx & { transaction: Transaction },
): Promise<void> {
  const { service, customer } = subject;
  const panel = service.panelData ?? {};
  const serviceId = service.id;
  const customerId = customer.id;
  switch (notice) {
    case 'provisioned':
      await notifyCustomer(
        'service.provisioned',
        {
          customerId,
          data: {
            serviceId,
            key: extra.key,
            credentials: extra.credentials ? { username: extra.credentials.username, password: extra.credentials.password } : null,
            panelUrl: typeof panel.panelUrl === 'string' ? panel.panelUrl : null,
            address: typeof panel.address === 'string' ? panel.address : null,
          },
        },
        ctx,
      );
      return;
    case 'suspended':
      await notifyCustomer('service.suspended', { customerId, data: { serviceId, key: extra.key, reason: extra.reason ?? null } }, ctx);
      return;
    case 'unsuspended':
      await notifyCustomer('service.unsuspended', { customerId, data: { serviceId, key: extra.key } }, ctx);
      return;
    case 'terminated':
      await notifyCustomer('service.terminated', { customerId, data: { serviceId, reason: extra.reason ?? null } }, ctx);
      return;
  }
}
