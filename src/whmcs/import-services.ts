import { addCycles } from '../billing/periods.js';
import type { Ctx } from '../lib/context.js';
import type { ServiceStatus, SubscriptionStatus } from '../models/enums.js';
import { Customer, Plan, Subscription } from '../models/index.js';
import { createServiceRow } from '../provisioning/orchestration/ensure-service-for-subscription.js';
import { importEach, localIdOf } from './import-map.js';
import type { ImportReport } from './report.js';
import type { WhmcsSource } from './source.js';
import { amountMinor, cycleOf, date, int, text } from './values.js';

const STATUSES: Record<string, { subscription: SubscriptionStatus; service: ServiceStatus }> = {
  Pending: { subscription: 'pending', service: 'pending' },
  Active: { subscription: 'active', service: 'active' },
  Suspended: { subscription: 'suspended', service: 'suspended' },
  Terminated: { subscription: 'terminated', service: 'terminated' },
  Cancelled: { subscription: 'cancelled', service: 'terminated' },
};

const IP = /^[0-9a-fA-F:.]{3,45}$/;

/**
 * Imports each WHMCS service (tblhosting) as a subscription and its service: plan, cycle, recurring price, the
 * current period ending on WHMCS' next due date (so `billing:renew` issues the next invoice on time), status, domain
 * and IPs. The panel ids WHMCS modules keep in their own tables are not read: staff link a service to its panel
 * server before power actions work. Services in cycles or states we do not bill (biennial, one-time, fraud) are reported.
 */
export async function importServices(source: WhmcsSource, report: ImportReport, ctx: Ctx): Promise<void> {
  await importEach(source, 'tblhosting', 'service', report, ctx, async (row) => {
    const customerId = await localIdOf('client', int(row, 'userid'));
    if (!customerId) return 'its client was not imported';
    const planId = await localIdOf('product', int(row, 'packageid'));
    if (!planId) return 'its product was not imported';
    const cycle = cycleOf(row.billingcycle);
    if (!cycle) return `its billing cycle "${String(row.billingcycle)}" has no equivalent`;
    const status = STATUSES[String(row.domainstatus ?? '')];
    if (!status) return `its status "${String(row.domainstatus)}" is not imported`;
    const nextDue = date(row, 'nextduedate');
    if (!nextDue && (status.subscription === 'active' || status.subscription === 'suspended')) return 'it has no next due date';
    const customer = await Customer.findByPk(customerId, { attributes: ['id', 'currency'] });
    const plan = await Plan.findByPk(planId, { attributes: ['id', 'type', 'driver'] });
    const currency = customer?.currency;
    if (!customer || !currency || !plan) return 'its client or plan is gone';
    const registered = date(row, 'regdate');
    const ended = date(row, 'termination_date');
    const ips = [text(row, 'dedicatedip', 45), ...String(row.assignedips ?? '').split(/[\s,]+/)].filter((ip): ip is string => Boolean(ip && IP.test(ip)));
    const domain = text(row, 'domain');
    return async (transaction) => {
      const subscription = await Subscription.create(
        {
          customerId: customer.id,
          planId: plan.id,
          status: status.subscription,
          cycle,
          currency,
          priceMinor: amountMinor(row, 'amount', currency),
          anchorDay: (nextDue ?? registered ?? ctx.now).getUTCDate(),
          startedAt: registered,
          currentPeriodStart: nextDue ? addCycles(nextDue, cycle, -1) : null,
          currentPeriodEnd: nextDue,
          suspendedAt: status.subscription === 'suspended' ? ctx.now : null,
          suspensionReason: status.subscription === 'suspended' ? text(row, 'suspendreason') ?? 'Suspended in WHMCS' : null,
          terminatedAt: status.subscription === 'terminated' ? ended ?? ctx.now : null,
          cancelledAt: status.subscription === 'cancelled' ? ended ?? ctx.now : null,
          cancellationReason: status.subscription === 'cancelled' ? 'Cancelled in WHMCS' : null,
        },
        { transaction },
      );
      await createServiceRow(
        {
          subscriptionId: subscription.id,
          customerId: customer.id,
          serviceType: plan.type,
          driver: plan.driver,
          status: status.service,
          hostname: plan.type === 'web' ? null : domain,
          domain: plan.type === 'web' ? domain : null,
          primaryIp: ips[0] ?? null,
          ipAddresses: ips.length ? ips : null,
          panelData: { whmcs: { serviceId: int(row, 'id'), username: text(row, 'username'), serverId: int(row, 'server') || null } },
          provisionedAt: status.service === 'pending' ? null : registered,
          suspendedAt: status.service === 'suspended' ? ctx.now : null,
          suspensionReason: status.service === 'suspended' ? text(row, 'suspendreason') ?? 'Suspended in WHMCS' : null,
          terminatedAt: status.service === 'terminated' ? ended ?? ctx.now : null,
        },
        transaction,
      );
      return subscription.id;
    };
  });
}
