import type { Transaction } from 'sequelize';
import { createInvoice } from '../billing/invoices/create-invoice.js';
import { money, ratio, toDecimalString } from '../billing/money.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import type { Ctx } from '../lib/context.js';
import { NotFoundError } from '../lib/errors.js';
import { BandwidthOverage, Plan, Service, Subscription } from '../models/index.js';
import { GB_BYTES, gigabytes, type BandwidthCycle } from './cycles.js';
import { overageRateFor } from './overage-rate.js';
import { usedBytesInCycle } from './used-bytes.js';

export interface OverageOutcome {
  /** The overage of that service and cycle (null when it stayed within its quota). */
  overage: BandwidthOverage | null;
  /** True when this call recorded it (and issued its invoice). */
  created: boolean;
}

/**
 * Bills a finished cycle's traffic over quota, once per service and cycle (the bandwidth_overages unique key): the
 * overage row and an issued `overage` invoice with one `overage` line, in one transaction.
 * NOTE: amount = overage bytes x rate per GB / 10^9, rounded half away from zero to the minor unit (money.ratio);
 * an overage worth less than half a minor unit is recorded as waived and not invoiced.
 */
export async function billBandwidthOverage(input: { serviceId: number; cycle: BandwidthCycle }, ctx: Ctx): Promise<OverageOutcome> {
  const { serviceId, cycle } = input;
  const find = (transaction?: Transaction): Promise<BandwidthOverage | null> =>
    BandwidthOverage.findOne({ where: { serviceId, cycleStart: cycle.start }, transaction });
  try {
    return await inTransaction(ctx, async (transaction) => {
      const existing = await find(transaction);
      if (existing) return { overage: existing, created: false };
      const service = await Service.findByPk(serviceId, { paranoid: false, transaction });
      if (!service) throw new NotFoundError('service_not_found', `Service ${serviceId} not found`);
      const subscription = await Subscription.findByPk(service.subscriptionId, { transaction });
      const plan = subscription ? await Plan.findByPk(subscription.planId, { transaction }) : null;
      if (!subscription || !plan) throw new NotFoundError('subscription_not_found', `Subscription of service ${serviceId} not found`);
      const quotaGb = plan.bandwidthQuotaGb;
      if (!quotaGb || quotaGb <= 0) return { overage: null, created: false };
      const quotaBytes = quotaGb * GB_BYTES;
      const usedBytes = (await usedBytesInCycle([serviceId], cycle, transaction)).get(serviceId) ?? 0;
      const overageBytes = Math.max(0, usedBytes - quotaBytes);
      if (overageBytes === 0) return { overage: null, created: false };

      const rate = await overageRateFor(plan, subscription, transaction);
      const currency = subscription.currency;
      const amount = ratio(money(rate, currency), overageBytes, GB_BYTES).minor;
      const overage = await BandwidthOverage.create(
        {
          serviceId, subscriptionId: subscription.id, cycleStart: cycle.start, cycleEnd: cycle.end,
          quotaBytes, usedBytes, overageBytes, rateMinorPerGb: rate, amountMinor: amount, currency,
          status: amount > 0 ? 'pending' : 'waived',
          invoiceId: null, waivedBy: null,
          waiveReason: amount > 0 ? null : 'Worth less than one minor unit',
        },
        { transaction },
      );
      if (amount > 0) {
        const lastDay = new Date(cycle.endAt.getTime() - 86_400_000).toISOString().slice(0, 10);
        const { invoice } = await createInvoice(
          {
            customerId: service.customerId,
            kind: 'overage',
            currency,
            subscriptionId: subscription.id,
            periodStart: cycle.startAt,
            periodEnd: cycle.endAt,
            idempotencyKey: `bandwidth-overage:${serviceId}:${cycle.start}`,
            lines: [
              {
                kind: 'overage',
                description: `Traffic over the ${quotaGb} GB included in ${plan.name} (${service.reference}), ${cycle.start} to ${lastDay}: ${gigabytes(overageBytes)} GB at ${toDecimalString(rate, currency)} ${currency}/GB`,
                quantity: 1,
                unitAmountMinor: amount,
                planId: plan.id,
                planType: plan.type,
                subscriptionId: subscription.id,
                periodStart: cycle.startAt,
                periodEnd: cycle.endAt,
                taxable: plan.taxable,
              },
            ],
          },
          { ...ctx, transaction },
        );
        await overage.update({ status: 'invoiced', invoiceId: invoice.id }, { transaction });
      }
      return { overage, created: true };
    });
  } catch (err) {
    // A concurrent run billed it first: its row is the answer.
    if (!isUniqueViolation(err) || ctx.transaction) throw err;
    const winner = await find();
    if (!winner) throw err;
    return { overage: winner, created: false };
  }
}
