import type { Transaction } from 'sequelize';
import type { Ctx } from '../../lib/context.js';
import { notifyCustomer } from '../../notify/notify.js';
import type { ProvisionCredentials } from '../driver.js';
import type { ServiceSubject } from './service-subject.js';

export type ServiceNotice = 'provisioned' | 'suspended' | 'unsuspended' | 'terminated';

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
