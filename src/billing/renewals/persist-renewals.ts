// NOTE: Writes a batch of renewal invoices the way createInvoice + issue + applyCredit write one:
// numbered gap-free in one block, issued, due when their period starts, account credit applied
// first (a credit_apply ledger row, the customer's cached credit lowered), zero invoices paid at
// once, a `renewal` coupon redemption for each coupon discount, and an `invoice.issued` event each.
// Lines are inserted together with their brand-new invoices in this transaction; the per-row "issued
// invoices are immutable" guard protects later edits.
import { QueryTypes, type Transaction } from 'sequelize';
import { sqlTimestamp } from '../../db/locks.js';
import { sequelize } from '../../db/sequelize.js';
import type { Ctx } from '../../lib/context.js';
import type { CurrencyCode } from '../../models/enums.js';
import type { InvoiceParty } from '../../models/invoice.js';
import { RENEWAL_REDEMPTION_COLUMNS, renewalRedemptionRow } from '../coupons/record-renewal-redemption.js';
import { eventRow } from '../events.js';
import type { PreparedInvoice } from '../invoices/invoice-types.js';
import { money, min, subtract } from '../money.js';
import { allocateDocumentNumbers } from '../numbering.js';
import { insertRows, type SqlValue } from './insert-rows.js';
import type { RenewalCustomer } from './renewal-parties.js';
import { lockCustomerCredit } from './renewal-parties.js';
import type { RenewalSubject } from './renewal-subject.js';

/** One computed renewal, ready to be written. */
export interface PreparedRenewal {
  readonly subject: RenewalSubject;
  readonly prepared: PreparedInvoice;
  readonly customer: RenewalCustomer;
}

/** Run-wide values of the invoices: seller snapshot and FX rates. */
export interface RenewalRunFacts {
  readonly seller: InvoiceParty;
  readonly fx: ReadonlyMap<CurrencyCode, number | null>;
}

const INVOICE_COLUMNS = [
  'number', 'customer_id', 'subscription_id', 'kind', 'status', 'currency', 'subtotal_minor', 'discount_minor', 'tax_minor', 'total_minor',
  'amount_due_minor', 'fx_rate_micros', 'tax_inclusive', 'reverse_charge', 'period_start', 'period_end', 'issued_at', 'due_at', 'paid_at',
  'seller', 'buyer', 'notes', 'disputed', 'dunning_step', 'idempotency_key', 'created_at', 'updated_at',
];
const LINE_COLUMNS = [
  'invoice_id', 'kind', 'description', 'quantity', 'unit_amount_minor', 'amount_minor', 'discount_minor', 'tax_rate_bp', 'tax_minor',
  'tax_rate_id', 'taxable', 'subscription_id', 'plan_id', 'coupon_id', 'period_start', 'period_end', 'position', 'created_at', 'updated_at',
];
const TAX_COLUMNS = ['invoice_id', 'tax_rate_id', 'name', 'country', 'region', 'rate_bp', 'taxable_minor', 'tax_minor', 'created_at', 'updated_at'];
const LEDGER_COLUMNS = ['customer_id', 'invoice_id', 'kind', 'amount_minor', 'currency', 'gateway', 'occurred_at', 'recorded_by', 'memo', 'idempotency_key', 'created_at', 'updated_at'];
const OUTBOX_COLUMNS = ['channel', 'topic', 'payload', 'status', 'attempts', 'next_attempt_at', 'dedupe_key', 'created_at', 'updated_at'];

/** Credit each renewal takes, in order, from its customer's credit (same currency only), under row locks. */
async function creditPlan(list: readonly PreparedRenewal[], t: Transaction): Promise<{ applied: number[]; balances: Map<number, number> }> {
  const holders = list.filter((r) => r.customer.creditBalanceMinor > 0).map((r) => r.customer.id);
  const balances = await lockCustomerCredit(holders, t);
  const start = new Map(balances);
  const applied = list.map((r) => {
    const left = balances.get(r.customer.id) ?? 0;
    if (left <= 0 || r.customer.currency !== r.subject.currency || r.prepared.totalMinor <= 0) return 0;
    const take = min(money(left, r.subject.currency), money(r.prepared.totalMinor, r.subject.currency)).minor;
    balances.set(r.customer.id, subtract(money(left, r.subject.currency), money(take, r.subject.currency)).minor);
    return take;
  });
  for (const [id, before] of start) if (balances.get(id) === before) balances.delete(id);
  return { applied, balances };
}

/** Writes the batch in `t`; returns the new invoice ids in the order of `list`. */
export async function persistRenewals(list: readonly PreparedRenewal[], facts: RenewalRunFacts, ctx: Ctx, t: Transaction): Promise<number[]> {
  if (list.length === 0) return [];
  const now = ctx.now;
  // NOTE: the invoice sequence is locked before the customers' credit, in the order createInvoice takes them, so
  // a batch and a single invoice never wait on each other in a cycle.
  const numbers = await allocateDocumentNumbers('invoice', list.length, now, t);
  const { applied, balances } = await creditPlan(list, t);
  const invoiceRows: SqlValue[][] = list.map(({ subject, prepared, customer }, i) => {
    const due = prepared.totalMinor - applied[i];
    return [
      numbers[i], customer.id, subject.subscriptionId, 'renewal', due === 0 ? 'paid' : 'open', subject.currency, prepared.subtotalMinor, prepared.discountMinor,
      prepared.taxMinor, prepared.totalMinor, due, facts.fx.get(subject.currency) ?? null, prepared.taxInclusive, prepared.reverseCharge,
      subject.periodStart, subject.periodEnd, now, subject.periodStart, due === 0 ? now : null, facts.seller, customer.buyer, prepared.notes, false, 0,
      subject.key, now, now,
    ];
  });
  await insertRows({ table: 'invoices', columns: INVOICE_COLUMNS, rows: invoiceRows }, t);
  const ids = await invoiceIdsByKey(list.map((r) => r.subject.key), t);
  const invoiceIds = list.map((r) => {
    const id = ids.get(r.subject.key);
    if (id === undefined) throw new Error(`Renewal invoice ${r.subject.key} was not written`);
    return id;
  });
  const lines: SqlValue[][] = [];
  const taxes: SqlValue[][] = [];
  const ledger: SqlValue[][] = [];
  const outbox: SqlValue[][] = [];
  const redemptions: SqlValue[][] = [];
  list.forEach(({ prepared, subject, customer }, i) => {
    const invoiceId = invoiceIds[i];
    for (const l of prepared.lines) {
      lines.push([invoiceId, l.kind, l.description, l.quantity, l.unitAmountMinor, l.amountMinor, l.discountMinor, l.taxRateBp, l.taxMinor, l.taxRateId, l.taxable, l.subscriptionId, l.planId, l.couponId, l.periodStart, l.periodEnd, l.position, now, now]);
    }
    for (const x of prepared.taxes) taxes.push([invoiceId, x.taxRateId, x.name, x.country, x.region, x.rateBp, x.taxableMinor, x.taxMinor, now, now]);
    const couponId = subject.coupon?.id;
    if (couponId != null && prepared.couponDiscountMinor > 0) {
      redemptions.push(renewalRedemptionRow({ couponId, customerId: customer.id, subscriptionId: subject.subscriptionId, invoiceId, amountMinor: prepared.couponDiscountMinor, currency: subject.currency }, now));
    }
    if (applied[i] > 0) {
      ledger.push([customer.id, invoiceId, 'credit_apply', applied[i], subject.currency, 'credit', now, ctx.actor.userId, `Credit applied to ${numbers[i]}`, `invoice:${invoiceId}:credit_apply:1`, now, now]);
    }
    const e = eventRow({ type: 'invoice.issued', payload: { invoiceId, number: numbers[i], kind: 'renewal', customerId: customer.id, subscriptionId: subject.subscriptionId, totalMinor: prepared.totalMinor, amountDueMinor: prepared.totalMinor - applied[i], currency: subject.currency, dueAt: subject.periodStart.toISOString() }, dedupeKey: `invoice.issued:${invoiceId}` }, ctx);
    outbox.push([e.channel, e.topic, e.payload, 'pending', 0, e.nextAttemptAt, e.dedupeKey, now, now]);
  });
  await insertRows({ table: 'invoice_lines', columns: LINE_COLUMNS, rows: lines }, t);
  await insertRows({ table: 'invoice_taxes', columns: TAX_COLUMNS, rows: taxes }, t);
  await insertRows({ table: 'ledger_entries', columns: LEDGER_COLUMNS, rows: ledger }, t);
  await insertRows({ table: 'coupon_redemptions', columns: RENEWAL_REDEMPTION_COLUMNS, rows: redemptions }, t);
  await updateCredit(balances, now, t);
  await insertRows({ table: 'outbox_messages', columns: OUTBOX_COLUMNS, rows: outbox }, t);
  return invoiceIds;
}

/** Writes the customers' new credit balances in one statement (they are locked by `creditPlan`). */
async function updateCredit(balances: ReadonlyMap<number, number>, now: Date, t: Transaction): Promise<void> {
  if (balances.size === 0) return;
  const ids = [...balances.keys()].map(Number);
  const cases = ids.map((id) => `WHEN ${id} THEN ${Number(balances.get(id))}`).join(' ');
  await sequelize().query(`UPDATE customers SET credit_balance_minor = CASE id ${cases} END, updated_at = :now WHERE id IN (${ids.join(', ')})`, {
    replacements: { now: sqlTimestamp(now) },
    type: QueryTypes.UPDATE,
    transaction: t,
  });
}

/** Invoice ids by idempotency key (a unique index lookup). */
export async function invoiceIdsByKey(keys: readonly string[], t: Transaction): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const s = sequelize();
  const rows = await s.query<{ id: number; idempotency_key: string }>(`SELECT id, idempotency_key FROM invoices WHERE idempotency_key IN (${keys.map((k) => s.escape(k)).join(', ')})`, {
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return new Map(rows.map((r) => [r.idempotency_key, Number(r.id)]));
}
