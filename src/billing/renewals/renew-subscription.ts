import type { Transaction } from 'sequelize';
import { inTransaction } from '../../db/transaction.js';
import { withTx } from '../../lib/context.js';
import type { Invoice } from '../../models/invoice.js';
import { recordRenewalRedemption } from '../coupons/record-renewal-redemption.js';
import { emitEvent } from '../events.js';
import { createInvoice } from '../invoices/create-invoice.js';
import { claimDueRenewals, loadRenewalItems } from './claim-due-renewals.js';
import { invoiceIdsByKey } from './persist-renewals.js';
import type { RenewalCatalogCache } from './renewal-catalog.js';
import { loadRenewalOverride } from './renewal-override.js';
import { type RenewalRun } from './renewal-run.js';
import { type RenewalRow, type RenewalSubject, renewalKey, renewalSubject } from './renewal-subject.js';

/** What renewing one subscription did. */
export interface RenewalOutcome {
  readonly status: 'issued' | 'duplicate' | 'not_due';
  readonly invoice: Invoice | null;
}

/** Builds a renewal from the database (one subscription; scheduled plan or cycle changes priced from the catalog). */
export async function loadRenewalSubject(row: RenewalRow, catalog: RenewalCatalogCache, t: Transaction): Promise<RenewalSubject> {
  const items = await loadRenewalItems([row.id], t);
  await catalog.ensure(
    { plans: [row.planId], options: items.options.map((o) => o.optionId), addons: items.addons.map((a) => a.addonId), coupons: row.couponId != null ? [row.couponId] : [] },
    t,
  );
  const override = await loadRenewalOverride(row, items, catalog, t);
  return renewalSubject(row, items.options, items.addons, catalog, override);
}

/**
 * Issues the renewal invoice of one subscription's next period through `createInvoice` (account
 * credit applied first), if it is due and not invoiced yet: the path for scheduled changes and the
 * fallback when a batch fails. The subscription row is locked (skipped when another worker holds it).
 */
export async function renewSubscription(subscriptionId: number, run: Pick<RenewalRun, 'ctx' | 'env' | 'catalog' | 'horizon'>): Promise<RenewalOutcome> {
  const { ctx } = run;
  return inTransaction(ctx, async (t) => {
    const [row] = await claimDueRenewals({ after: 0, limit: 1, horizon: run.horizon, ids: [subscriptionId] }, t);
    if (!row) return { status: 'not_due', invoice: null };
    if ((await invoiceIdsByKey([renewalKey(row.id, row.currentPeriodEnd)], t)).size > 0) return { status: 'duplicate', invoice: null };
    const subject = await loadRenewalSubject(row, run.catalog, t);
    const tctx = withTx(ctx, t);
    const { invoice, duplicate, prepared } = await createInvoice(
      {
        customerId: row.customerId,
        kind: 'renewal',
        lines: subject.lines,
        currency: subject.currency,
        coupon: subject.coupon,
        subscriptionId: row.id,
        idempotencyKey: subject.key,
        periodStart: subject.periodStart,
        periodEnd: subject.periodEnd,
        dueAt: subject.periodStart,
        issue: true,
        taxEnv: run.env,
      },
      tctx,
    );
    if (duplicate) return { status: 'duplicate', invoice };
    const couponId = subject.coupon?.id;
    if (couponId != null && prepared && prepared.couponDiscountMinor > 0) {
      await recordRenewalRedemption(
        { couponId, customerId: row.customerId, subscriptionId: row.id, invoiceId: invoice.id, amountMinor: prepared.couponDiscountMinor, currency: subject.currency },
        tctx,
      );
    }
    await emitEvent(
      'invoice.issued',
      { invoiceId: invoice.id, number: invoice.number, kind: 'renewal', customerId: row.customerId, subscriptionId: row.id, totalMinor: invoice.totalMinor, amountDueMinor: invoice.amountDueMinor, currency: invoice.currency, dueAt: subject.periodStart.toISOString() },
      tctx,
      { dedupeKey: `invoice.issued:${invoice.id}` },
    );
    return { status: 'issued', invoice };
  });
}
