import { Op, QueryTypes } from 'sequelize';
import { handleInvoicePaid } from '../../billing/subscriptions/handle-invoice-paid.js';
import { unsuspendSubscription } from '../../billing/subscriptions/unsuspend-subscription.js';
import { sqlTimestamp } from '../../db/locks.js';
import { sequelize } from '../../db/sequelize.js';
import type { Ctx } from '../../lib/context.js';
import { Invoice, InvoiceLine, Subscription } from '../../models/index.js';

/** What a payment changed beyond the invoice. */
export interface PaymentEffects {
  readonly orderActivated: boolean;
  readonly reactivated: number[];
}

// NOTE: only suspensions for non-payment are lifted by a payment: staff may suspend for abuse, and
// money must not switch such a service back on. Dunning writes reasons starting with "Non-payment".
const NON_PAYMENT = /non-payment|overdue/i;

/** The subscriptions an invoice bills: its own, and those named on its lines. */
async function subscriptionsOf(invoice: Invoice, ctx: Ctx): Promise<number[]> {
  const lines = await InvoiceLine.findAll({
    where: { invoiceId: invoice.id, subscriptionId: { [Op.ne]: null } },
    attributes: ['subscriptionId'],
    transaction: ctx.transaction,
  });
  const ids = new Set<number>(lines.map((l) => Number(l.subscriptionId)));
  if (invoice.subscriptionId != null) ids.add(Number(invoice.subscriptionId));
  return [...ids];
}

/** True while the subscription has an unpaid invoice that is already due. */
export async function hasOverdueInvoice(subscriptionId: number, ctx: Ctx): Promise<boolean> {
  const [row] = await sequelize().query<{ n: number | string }>(
    "SELECT COUNT(*) AS n FROM invoices i WHERE i.status IN ('open', 'uncollectible') AND i.amount_due_minor > 0 AND i.due_at <= :now " +
      'AND (i.subscription_id = :id OR EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND l.subscription_id = :id))',
    { replacements: { id: subscriptionId, now: sqlTimestamp(ctx.now) }, type: QueryTypes.SELECT, transaction: ctx.transaction },
  );
  return Number(row?.n ?? 0) > 0;
}

/**
 * After a payment: billing's `handleInvoicePaid` activates a paid order (subscriptions + provisioning)
 * and makes a past-due subscription active again; each subscription the invoice bills that was
 * suspended for non-payment and now owes nothing overdue is unsuspended (services switched back on).
 * Safe to repeat: every step is a no-op the second time.
 */
export async function applyPaymentEffects(invoiceId: number, ctx: Ctx, known?: Invoice): Promise<PaymentEffects> {
  // NOTE: `known` is the row the caller just settled under its lock (receivePayment): no need to read it again.
  const invoice = known && known.id === invoiceId ? known : await Invoice.findByPk(invoiceId, { transaction: ctx.transaction });
  if (!invoice || invoice.status !== 'paid') return { orderActivated: false, reactivated: [] };
  const paid = await handleInvoicePaid(invoice.id, ctx);
  const reactivated: number[] = paid.reactivated ? [paid.reactivated.id] : [];
  for (const id of await subscriptionsOf(invoice, ctx)) {
    const subscription = await Subscription.findByPk(id, { attributes: ['id', 'status', 'suspensionReason'], transaction: ctx.transaction });
    if (subscription?.status !== 'suspended' || !NON_PAYMENT.test(subscription.suspensionReason ?? '')) continue;
    if (await hasOverdueInvoice(id, ctx)) continue;
    await unsuspendSubscription({ subscriptionId: id, reason: `Invoice ${invoice.number ?? invoice.id} paid`, causeId: `invoice:${invoice.id}` }, ctx);
    reactivated.push(id);
  }
  return { orderActivated: paid.order?.status === 'activated', reactivated };
}

/**
 * `applyPaymentEffects` of many just-settled invoices (a dunning batch) in two queries when, as usual, they
 * change nothing: only an order invoice, or one billing a subscription that is past due or suspended, can
 * have an effect, and only those go through `applyPaymentEffects`. By invoice id.
 */
export async function applyPaymentEffectsToMany(invoices: readonly Invoice[], ctx: Ctx): Promise<Map<number, PaymentEffects>> {
  const out = new Map<number, PaymentEffects>();
  const paid = invoices.filter((i) => i.status === 'paid');
  const lines = paid.length === 0 ? [] : await InvoiceLine.findAll({
    where: { invoiceId: paid.map((i) => i.id), subscriptionId: { [Op.ne]: null } },
    attributes: ['invoiceId', 'subscriptionId'],
    transaction: ctx.transaction,
  });
  const billed = new Map<number, Set<number>>(paid.map((i) => [i.id, new Set(i.subscriptionId == null ? [] : [Number(i.subscriptionId)])]));
  for (const line of lines) billed.get(Number(line.invoiceId))?.add(Number(line.subscriptionId));
  const subscriptionIds = [...new Set([...billed.values()].flatMap((ids) => [...ids]))];
  const lapsed = new Set(subscriptionIds.length === 0 ? [] : (await Subscription.findAll({
    where: { id: subscriptionIds, status: ['past_due', 'suspended'] },
    attributes: ['id'],
    transaction: ctx.transaction,
  })).map((sub) => sub.id));
  for (const invoice of invoices) {
    const touched = invoice.status === 'paid' && (invoice.kind === 'order' || [...(billed.get(invoice.id) ?? [])].some((id) => lapsed.has(id)));
    out.set(invoice.id, touched ? await applyPaymentEffects(invoice.id, ctx, invoice) : { orderActivated: false, reactivated: [] });
  }
  return out;
}
